package dev.berth.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Docker registry token service for tests: answers {@code GET /token?service=&scope=} from one
 * Basic user with an RS256 JWT (its certificate in the {@code x5c} header) granting the scopes
 * asked for, as CNCF Distribution's {@code auth: token} verifies against {@link #writeCertificate}.
 */
final class TokenService implements AutoCloseable {
  static final String ISSUER = "berth-test-issuer";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final KeyPair key;
  private final X509Certificate cert;
  private final String basic;
  private final AtomicInteger issued = new AtomicInteger();

  TokenService(String user, String password) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
    X500Name name = new X500Name("CN=" + ISSUER);
    Instant now = Instant.now();
    cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minusSeconds(3600)),
                        Date.from(now.plusSeconds(86400 * 30)),
                        name,
                        key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::token);
    server.start();
  }

  URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** How many tokens were issued so far. */
  int issued() {
    return issued.get();
  }

  /** Writes the PEM certificate Distribution's {@code rootcertbundle} names. */
  Path writeCertificate(Path file) throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return Files.writeString(file, pem);
  }

  private void token(HttpExchange ex) throws IOException {
    try (ex) {
      if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      Map<String, String> query = new HashMap<>();
      String raw = ex.getRequestURI().getRawQuery();
      for (String pair : raw == null ? new String[0] : raw.split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      byte[] body =
          JSON.writeValueAsBytes(
              Map.of(
                  "token",
                  jwt(query.getOrDefault("service", ""), query.getOrDefault("scope", ""))));
      issued.incrementAndGet();
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private String jwt(String service, String scope) throws Exception {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
    long now = Instant.now().getEpochSecond();
    ObjectNode claims =
        JSON.createObjectNode()
            .put("iss", ISSUER)
            .put("sub", "puller")
            .put("aud", service)
            .put("exp", now + 600)
            .put("nbf", now - 60)
            .put("iat", now)
            .put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    if (!scope.isEmpty()) {
      for (String s : scope.split(" ", -1)) {
        String[] parts = s.split(":", -1);
        if (parts.length == 3) {
          ObjectNode grant = access.addObject().put("type", parts[0]).put("name", parts[1]);
          ArrayNode actions = grant.putArray("actions");
          for (String a : parts[2].split(",", -1)) {
            actions.add(a);
          }
        }
      }
    }
    String signingInput =
        URL.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + URL.encodeToString(JSON.writeValueAsBytes(claims));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(key.getPrivate());
    sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + URL.encodeToString(sig.sign());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
