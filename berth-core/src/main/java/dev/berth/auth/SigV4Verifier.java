package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}), in the {@code Authorization} header
 * or in a presigned query string, and answers who signed.
 *
 * <p>Failures are {@link dev.berth.error.RegistryException}s of kind {@code AUTH_MISSING}, {@code
 * AUTH_INCOMPLETE}, {@code AUTH_UNKNOWN_KEY}, {@code AUTH_EXPIRED} or {@code AUTH_BAD_SIGNATURE},
 * with the messages AWS gives. Thread-safe.
 */
public final class SigV4Verifier {
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private final CredentialResolver resolver;
  private final Clock clock;

  /**
   * Services whose one endpoint AWS signs for {@value #GLOBAL_REGION} wherever the caller is (the
   * aws CLI and SDKs do so whatever region they are configured with).
   */
  private static final Set<String> GLOBAL_SERVICES =
      Set.of("iam", "sts", "organizations", "ecr-public");

  private static final String GLOBAL_REGION = "us-east-1";

  private final Set<String> regions;
  private final Set<String> services;
  private final SigningKeys signingKeys = new SigningKeys();

  /**
   * @param regions the regions a credential scope may name
   * @param services the signing names a credential scope may name (e.g. {@code ecr})
   */
  public SigV4Verifier(
      CredentialResolver resolver, Clock clock, Set<String> regions, Set<String> services) {
    this.resolver = resolver;
    this.clock = clock;
    this.regions = Set.copyOf(regions);
    this.services = Set.copyOf(services);
  }

  /** The principal whose credential signed the request; throws when the signature is not good. */
  public Principal verify(SignedRequest request) {
    return precheck(request, services).verify(request.payloadSha256());
  }

  /**
   * As {@link #verify(SignedRequest)}, for an API that takes only credentials scoped to one of
   * {@code scopes} (e.g. {@code ecr} for the ECR API): a signature for another service is refused
   * as AWS refuses it, "Credential should be scoped to correct service".
   */
  public Principal verify(SignedRequest request, Set<String> scopes) {
    return precheck(request, scopes).verify(request.payloadSha256());
  }

  /**
   * Checks everything the method, path, query and headers alone can prove, before any body byte is
   * read: a well-formed {@code Authorization} header (or presigned query), the time window, the
   * credential scope (one of {@code scopes}; any this verifier accepts when empty), a known and
   * active key with the right session token. The request's {@code payloadSha256} is not used; the
   * returned check verifies the signature once the body's hash is known. Throws as {@link #verify}
   * does.
   */
  public PayloadCheck precheck(SignedRequest request, Set<String> scopes) {
    QueryParameters query = QueryParameters.parse(request.rawQuery());
    AuthParameters auth = parse(request, query);
    Instant now = clock.instant();
    checkTime(auth, now);
    checkScope(auth, scopes);
    Credential credential = credential(auth, now);
    return new PayloadCheck(request, query, auth, credential);
  }

  /**
   * The second half of a verification: the signature over the body's hash. Built by {@link
   * #precheck} once the headers have been checked.
   */
  public final class PayloadCheck {
    private final SignedRequest head;
    private final QueryParameters query;
    private final AuthParameters auth;
    private final Credential credential;

    private PayloadCheck(
        SignedRequest head, QueryParameters query, AuthParameters auth, Credential credential) {
      this.head = head;
      this.query = query;
      this.auth = auth;
      this.credential = credential;
    }

    /**
     * Narrows the accepted credential scope once the body has named the service (the query
     * protocol's {@code Action} decides between IAM and STS); refused as {@link #precheck} refuses
     * a scope.
     */
    public PayloadCheck requireService(Set<String> scopes) {
      checkScope(auth, scopes);
      return this;
    }

    /**
     * The region of the credential scope: one the verifier serves, and part of what the signature
     * covers once {@link #verify} has passed.
     */
    public String region() {
      return auth.credential().region();
    }

    /**
     * Checks the signature over the whole request; returns the principal whose credential signed
     * it.
     *
     * @param payloadSha256 lower-case hex SHA-256 of the body as received
     */
    public Principal verify(String payloadSha256) {
      SignedRequest full =
          new SignedRequest(
              head.method(), head.rawPath(), head.rawQuery(), head.headers(), payloadSha256);
      byte[] key = signingKeys.signingKey(credential.secretAccessKey(), auth.credential());
      boolean matched = false;
      for (String payloadHash : payloadHashes(full, auth.presigned())) {
        String canonical =
            CanonicalRequest.of(full, query, auth.signedHeaders(), payloadHash, auth.presigned());
        String expected =
            SigningKeys.signature(
                key, SigningKeys.stringToSign(auth.amzDate(), auth.credential(), canonical));
        matched |= equal(expected, auth.signature());
      }
      if (!matched) {
        throw SigV4Errors.mismatch();
      }
      return credential.principal();
    }
  }

  private static AuthParameters parse(SignedRequest request, QueryParameters query) {
    Optional<String> header = Headers.first(request.headers(), "authorization");
    boolean presigned = query.first(PresignedQuery.ALGORITHM).isPresent();
    if (header.isPresent() && presigned) {
      throw SigV4Errors.incomplete(
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the"
              + " Authorization header should be specified");
    }
    if (header.isPresent()) {
      return AuthorizationHeader.parse(header.get(), request.headers());
    }
    if (presigned) {
      return PresignedQuery.parse(query, request.headers());
    }
    throw SigV4Errors.missing();
  }

  private static void checkTime(AuthParameters auth, Instant now) {
    if (!auth.credential().date().equals(auth.amzDate().substring(0, 8))) {
      throw SigV4Errors.scopeDate(auth.credential().date(), auth.amzDate());
    }
    Instant latest = now.plus(MAX_SKEW);
    if (auth.signedAt().isAfter(latest)) {
      throw SigV4Errors.tooNew(auth.amzDate(), AmzDate.format(latest), AmzDate.format(now));
    }
    if (auth.expires().isPresent()) {
      if (now.isAfter(auth.signedAt().plus(auth.expires().get()))) {
        throw SigV4Errors.presignedExpired();
      }
      return;
    }
    Instant earliest = now.minus(MAX_SKEW);
    if (auth.signedAt().isBefore(earliest)) {
      throw SigV4Errors.tooOld(auth.amzDate(), AmzDate.format(earliest), AmzDate.format(now));
    }
  }

  private void checkScope(AuthParameters auth, Set<String> scopes) {
    Set<String> expected = scopes.isEmpty() ? services : scopes;
    String service = auth.credential().service();
    String region = auth.credential().region();
    if (!regions.contains(region)
        && !(GLOBAL_SERVICES.contains(service) && GLOBAL_REGION.equals(region))) {
      throw SigV4Errors.region(region);
    }
    if (!expected.contains(service) || !services.contains(service)) {
      throw SigV4Errors.service(expected);
    }
  }

  private Credential credential(AuthParameters auth, Instant now) {
    Credential credential =
        resolver
            .resolve(auth.credential().accessKeyId())
            .filter(Credential::active)
            .orElseThrow(SigV4Errors::invalidToken);
    boolean tokensMatch =
        credential.sessionToken().isPresent() == auth.securityToken().isPresent()
            && equal(credential.sessionToken().orElse(""), auth.securityToken().orElse(""));
    if (!tokensMatch) {
      throw SigV4Errors.invalidToken();
    }
    if (credential.expiresAt().filter(at -> !at.isAfter(now)).isPresent()) {
      throw SigV4Errors.expiredToken();
    }
    return credential;
  }

  /**
   * The payload hashes the signer may have used: the declared {@code x-amz-content-sha256} (which
   * must match the body unless unsigned or streaming), else the body's hash. A presigned request
   * without the header may use {@code UNSIGNED-PAYLOAD} (as S3-style presigners do) or the body's
   * hash (as the AWS SDKs' generic query signers do, e.g. for STS or EKS tokens).
   */
  private static List<String> payloadHashes(SignedRequest request, boolean presigned) {
    Optional<String> declared =
        Headers.first(request.headers(), "x-amz-content-sha256").map(String::strip);
    if (declared.isEmpty()) {
      return presigned
          ? List.of(UNSIGNED_PAYLOAD, request.payloadSha256())
          : List.of(request.payloadSha256());
    }
    String value = declared.get();
    if (!value.equals(UNSIGNED_PAYLOAD)
        && !value.startsWith("STREAMING-")
        && !value.equalsIgnoreCase(request.payloadSha256())) {
      throw SigV4Errors.payloadHashMismatch();
    }
    return List.of(value);
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
