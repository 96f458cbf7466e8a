package dev.berth.observe;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one request: created at the edge when it arrives, annotated by the API that
 * answers it (operation, repository, principal, why it failed), completed when the response is
 * written, then handed to the {@link RequestObserver}s. Used by the request's own thread only.
 *
 * <p>{@code api} and {@code operation} are metric labels and must come from bounded sets: an API
 * name, a modelled operation name or a fixed route name, else {@code unknown}.
 */
public final class RequestRecord {
  /** The label of an API or operation that is not known. */
  public static final String UNKNOWN = "unknown";

  private static final int MAX_TEXT = 256;

  private final String id;
  private final Instant time;
  private final long startNanos;
  private final String client;
  private final String method;
  private final String path;
  private String api = UNKNOWN;
  private String operation = UNKNOWN;
  private @Nullable String repository;
  private @Nullable String principal;
  private @Nullable String error;
  private @Nullable String refusedBy;
  private @Nullable String refusal;
  private int status;
  private long bytesIn;
  private long bytesOut;
  private long durationNanos;

  /**
   * A request arriving now.
   *
   * @param path the raw path, without the query (which may carry a download token)
   */
  public RequestRecord(String client, String method, String path) {
    this(newId(), Instant.now(), System.nanoTime(), client, method, path);
  }

  RequestRecord(
      String id, Instant time, long startNanos, String client, String method, String path) {
    this.id = id;
    this.time = time;
    this.startNanos = startNanos;
    this.client = client;
    this.method = method;
    this.path = cap(path);
  }

  /**
   * A random (version 4) UUID, as AWS request ids are; from a per-thread generator, as it needs to
   * be unique, not unguessable.
   */
  static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(hi, lo).toString();
  }

  private static String cap(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
  }

  /**
   * The API answering: {@code oci}, {@code ecr}, {@code iam}, {@code sts}, {@code ui}, {@code ops}.
   */
  public RequestRecord api(String api) {
    this.api = api;
    return this;
  }

  /** The operation or route (bounded; see the class documentation). */
  public RequestRecord operation(String operation) {
    this.operation = operation;
    return this;
  }

  /** The repository the request names. */
  public RequestRecord repository(String repository) {
    this.repository = cap(repository);
    return this;
  }

  /** The authenticated principal's ARN. */
  public RequestRecord principal(String arn) {
    this.principal = cap(arn);
    return this;
  }

  /** The wire error code answered, e.g. {@code NAME_UNKNOWN} or {@code AccessDeniedException}. */
  public RequestRecord error(String code) {
    this.error = cap(code);
    return this;
  }

  /**
   * The check that refused the request: {@code signature}, {@code authentication}, {@code
   * authorization}, {@code limits} or {@code validation}, with a detail such as the kind of policy
   * that denied. The first refusal noted stands.
   */
  public RequestRecord refused(String check, String detail) {
    if (refusedBy == null) {
      this.refusedBy = check;
      this.refusal = detail.length() <= 2 * MAX_TEXT ? detail : detail.substring(0, 2 * MAX_TEXT);
    }
    return this;
  }

  /** Records the outcome once the response is written. */
  public void complete(int status, long bytesIn, long bytesOut) {
    this.status = status;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
    this.durationNanos = System.nanoTime() - startNanos;
  }

  /** The request id, sent as {@code x-amzn-RequestId}. */
  public String id() {
    return id;
  }

  /** When the request arrived. */
  public Instant time() {
    return time;
  }

  public String client() {
    return client;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String api() {
    return api;
  }

  public String operation() {
    return operation;
  }

  public Optional<String> repository() {
    return Optional.ofNullable(repository);
  }

  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Optional<String> refusedBy() {
    return Optional.ofNullable(refusedBy);
  }

  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  public int status() {
    return status;
  }

  /** Request body bytes read. */
  public long bytesIn() {
    return bytesIn;
  }

  /** Response body bytes written. */
  public long bytesOut() {
    return bytesOut;
  }

  public long durationNanos() {
    return durationNanos;
  }

  /** {@code 2xx}, {@code 4xx}...; {@code 5xx} for a status outside 100-599. */
  public String statusClass() {
    return status >= 100 && status <= 599 ? (status / 100) + "xx" : "5xx";
  }
}
