package dev.berth.auth;

import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Credentials, a resolver and verifiers shared by the SigV4 tests. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2025-03-14T15:09:26Z");
  static final AccountId ACCOUNT = new AccountId("123456789012");

  static final Credential ALICE =
      new Credential(
          "AKIAALICE0000EXAMPLE",
          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYalice/KEY",
          Optional.empty(),
          Principal.user(ACCOUNT, "/", "alice", "AKIAALICE0000EXAMPLE"),
          true,
          Optional.empty());

  static final Credential SESSION =
      new Credential(
          "ASIASESSION0EXAMPLE0",
          "sessionSecret/Key+With=Symbols",
          Optional.of("FwoGZXIvYXdzEBYaDH+token/with=symbols//AAAA=="),
          Principal.assumedRole(
              ACCOUNT,
              "arn:aws:iam::123456789012:role/pusher",
              "pusher",
              "ci",
              "ASIASESSION0EXAMPLE0"),
          true,
          Optional.of(NOW.plus(Duration.ofHours(1))));

  static final Credential EXPIRED =
      new Credential(
          "ASIAEXPIRED0EXAMPLE0",
          "expiredSecret",
          Optional.of("expired-session-token"),
          Principal.root(ACCOUNT, "ASIAEXPIRED0EXAMPLE0"),
          true,
          Optional.of(NOW.minusSeconds(1)));

  static final Credential INACTIVE =
      new Credential(
          "AKIAINACTIVE0EXAMPLE",
          "inactiveSecret",
          Optional.empty(),
          Principal.root(ACCOUNT, "AKIAINACTIVE0EXAMPLE"),
          false,
          Optional.empty());

  private static final Map<String, Credential> BY_KEY =
      Map.of(
          ALICE.accessKeyId(), ALICE,
          SESSION.accessKeyId(), SESSION,
          EXPIRED.accessKeyId(), EXPIRED,
          INACTIVE.accessKeyId(), INACTIVE);

  static final CredentialResolver RESOLVER = id -> Optional.ofNullable(BY_KEY.get(id));

  private Fixtures() {}

  static SigV4Verifier verifier() {
    return verifier(NOW);
  }

  static SigV4Verifier verifier(Instant now) {
    return new SigV4Verifier(
        RESOLVER,
        Clock.fixed(now, ZoneOffset.UTC),
        Set.of("us-east-1", "eu-west-1"),
        Set.of("ecr"));
  }

  static SdkOracle.Signing signing(Credential credential) {
    return new SdkOracle.Signing(
        credential.accessKeyId(),
        credential.secretAccessKey(),
        credential.sessionToken().orElse(""),
        "us-east-1",
        "ecr",
        NOW);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
