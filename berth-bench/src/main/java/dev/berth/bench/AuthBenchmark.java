package dev.berth.bench;

import dev.berth.auth.Credential;
import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.SigV4Verifier;
import dev.berth.auth.SignedRequest;
import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-request authentication: verifying a SigV4-signed ECR JSON request (the ECR API) and a
 * registry token (every {@code /v2/} request, e.g. each manifest GET).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthBenchmark {
  static final String KEY_ID = "AKIABERTHBENCH000001";
  static final String SECRET = "berth-bench-secret-0000000000";
  static final AccountId ACCOUNT = new AccountId("000000000000");

  private SigV4Verifier verifier;
  private SignedRequest signed;
  private RegistryTokens tokens;
  private String token;

  @Setup
  public void setUp() throws GeneralSecurityException {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Principal root = Principal.root(ACCOUNT, KEY_ID);
    Credential credential =
        new Credential(KEY_ID, SECRET, Optional.empty(), root, true, Optional.empty());
    verifier =
        new SigV4Verifier(
            id -> KEY_ID.equals(id) ? Optional.of(credential) : Optional.empty(),
            clock,
            Set.of("us-east-1"),
            Set.of("ecr"));
    signed = sign(clock.instant(), "{\"repositoryName\":\"team/app\"}");
    verifier.verify(signed);
    tokens = new RegistryTokens(new byte[32], clock);
    token = tokens.issue(root, Duration.ofHours(12)).token();
  }

  /** Signs a CreateRepository request as the AWS SDK does (header signature). */
  static SignedRequest sign(Instant now, String body) throws GeneralSecurityException {
    String amzDate =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
    String date = amzDate.substring(0, 8);
    Map<String, String> h = new TreeMap<>();
    h.put("content-type", "application/x-amz-json-1.1");
    h.put("host", "127.0.0.1:5000");
    h.put("x-amz-date", amzDate);
    h.put("x-amz-target", "AmazonEC2ContainerRegistry_V20150921.CreateRepository");
    StringBuilder canonicalHeaders = new StringBuilder();
    h.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", h.keySet());
    String payload = hex(sha256(body.getBytes(StandardCharsets.UTF_8)));
    String canonical = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payload;
    String scope = date + "/us-east-1/ecr/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, "us-east-1");
    k = hmac(k, "ecr");
    k = hmac(k, "aws4_request");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    h.forEach((name, value) -> headers.put(name, List.of(value)));
    headers.put(
        "authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential="
                + KEY_ID
                + "/"
                + scope
                + ", SignedHeaders="
                + signedHeaders
                + ", Signature="
                + hex(hmac(k, toSign))));
    return new SignedRequest("POST", "/", "", headers, payload);
  }

  static byte[] sha256(byte[] b) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Benchmark
  public Principal sigV4Verify() {
    return verifier.verify(signed);
  }

  @Benchmark
  public Principal registryTokenVerify() {
    return tokens.verify(token);
  }
}
