package dev.berth.auth;

import static dev.berth.auth.Fixtures.ALICE;
import static dev.berth.auth.Fixtures.EXPIRED;
import static dev.berth.auth.Fixtures.INACTIVE;
import static dev.berth.auth.Fixtures.NOW;
import static dev.berth.auth.Fixtures.SESSION;
import static dev.berth.auth.Fixtures.signing;
import static dev.berth.auth.Fixtures.utf8;
import static dev.berth.auth.SigV4ErrorAssert.assertFails;
import static dev.berth.error.ErrorKind.AUTH_BAD_SIGNATURE;
import static dev.berth.error.ErrorKind.AUTH_EXPIRED;
import static dev.berth.error.ErrorKind.AUTH_UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Well-formed signatures refused for their key, token, scope or time. */
class SigV4VerifierRejectionTest {
  private static final String INVALID_TOKEN =
      "The security token included in the request is invalid.";

  private final SigV4Verifier verifier = Fixtures.verifier();

  private static SignedRequest header(SdkOracle.Signing signing) {
    return SdkOracle.signHeader(SdkOracle.ecrJson("ListImages").build(), utf8("{}"), signing);
  }

  private static SignedRequest presigned(SdkOracle.Signing signing, Duration expires) {
    return SdkOracle.presign(
        SdkOracle.request(SdkHttpMethod.GET, "/v2/").build(), new byte[0], signing, expires);
  }

  private void assertInvalidToken(SignedRequest request) {
    assertThat(assertFails(() -> verifier.verify(request), AUTH_UNKNOWN_KEY))
        .hasMessage(INVALID_TOKEN);
  }

  @Test
  void unknownAccessKey() {
    assertInvalidToken(header(signing(ALICE).withKey("AKIAUNKNOWN000000000")));
    assertInvalidToken(
        presigned(signing(ALICE).withKey("AKIAUNKNOWN000000000"), Duration.ofMinutes(5)));
  }

  @Test
  void inactiveAccessKey() {
    assertInvalidToken(header(signing(INACTIVE)));
  }

  @Test
  void sessionCredentialWithoutToken() {
    assertInvalidToken(header(signing(SESSION).withToken("")));
    assertInvalidToken(presigned(signing(SESSION).withToken(""), Duration.ofMinutes(5)));
  }

  @Test
  void tokenTheCredentialDoesNotHave() {
    assertInvalidToken(header(signing(ALICE).withToken("stray-token")));
  }

  @Test
  void differentToken() {
    assertInvalidToken(header(signing(SESSION).withToken("FwoGZXIvYXdzEBYaDHotherToken")));
    assertInvalidToken(
        presigned(signing(SESSION).withToken("FwoGZXIvYXdzEBYaDHother"), Duration.ofMinutes(5)));
  }

  @Test
  void sessionTokenInHeaderAndQueryBothAccepted() {
    assertThat(verifier.verify(header(signing(SESSION)))).isEqualTo(SESSION.principal());
    assertThat(verifier.verify(presigned(signing(SESSION), Duration.ofMinutes(5))))
        .isEqualTo(SESSION.principal());
  }

  @Test
  void expiredTemporaryCredential() {
    assertThat(assertFails(() -> verifier.verify(header(signing(EXPIRED))), AUTH_EXPIRED))
        .hasMessage("The security token included in the request is expired");
  }

  @Test
  void regionNotServed() {
    assertThat(
            assertFails(
                () -> verifier.verify(header(signing(ALICE).withRegion("us-west-2"))),
                AUTH_BAD_SIGNATURE))
        .hasMessage("Credential should be scoped to a valid region, not 'us-west-2'.");
  }

  @Test
  void globalServices_areSignedForUsEast1_evenWhereItIsNotServed() {
    SigV4Verifier elsewhere =
        new SigV4Verifier(
            Fixtures.RESOLVER,
            java.time.Clock.fixed(Fixtures.NOW, java.time.ZoneOffset.UTC),
            java.util.Set.of("eu-west-1"),
            java.util.Set.of("ecr", "iam"));
    assertThat(elsewhere.verify(header(signing(ALICE).withService("iam"))))
        .isEqualTo(ALICE.principal());
    assertThat(
            assertFails(
                () -> elsewhere.verify(header(signing(ALICE).withService("ecr"))),
                AUTH_BAD_SIGNATURE))
        .hasMessage("Credential should be scoped to a valid region, not 'us-east-1'.");
    assertThat(
            assertFails(
                () ->
                    elsewhere.verify(
                        header(signing(ALICE).withService("iam").withRegion("ap-south-1"))),
                AUTH_BAD_SIGNATURE))
        .hasMessage("Credential should be scoped to a valid region, not 'ap-south-1'.");
  }

  @Test
  void serviceNotServed() {
    assertThat(
            assertFails(
                () -> verifier.verify(header(signing(ALICE).withService("s3"))),
                AUTH_BAD_SIGNATURE))
        .hasMessage("Credential should be scoped to correct service: 'ecr'.");
  }

  @Test
  void signedTooLongAgo() {
    SignedRequest request = header(signing(ALICE).at(NOW.minus(Duration.ofMinutes(16))));
    assertThat(assertFails(() -> verifier.verify(request), AUTH_BAD_SIGNATURE))
        .hasMessage(
            "Signature expired: 20250314T145326Z is now earlier than 20250314T145426Z"
                + " (20250314T150926Z - 15 min.)");
    SignedRequest justOver =
        header(signing(ALICE).at(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1)));
    assertFails(() -> verifier.verify(justOver), AUTH_BAD_SIGNATURE);
    SignedRequest atLimit = header(signing(ALICE).at(NOW.minus(Duration.ofMinutes(15))));
    assertThat(verifier.verify(atLimit)).isEqualTo(ALICE.principal());
  }

  @Test
  void signedTooFarAhead() {
    SignedRequest request = header(signing(ALICE).at(NOW.plus(Duration.ofMinutes(16))));
    assertThat(assertFails(() -> verifier.verify(request), AUTH_BAD_SIGNATURE))
        .hasMessage(
            "Signature not yet current: 20250314T152526Z is still later than 20250314T152426Z"
                + " (20250314T150926Z + 15 min.)");
    SignedRequest justOver =
        header(signing(ALICE).at(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1)));
    assertFails(() -> verifier.verify(justOver), AUTH_BAD_SIGNATURE);
  }

  @Test
  void presignedPastItsLifetime() {
    SignedRequest expired =
        presigned(signing(ALICE).at(NOW.minus(Duration.ofMinutes(6))), Duration.ofMinutes(5));
    assertThat(assertFails(() -> verifier.verify(expired), AUTH_BAD_SIGNATURE))
        .hasMessage("Signature expired");
    SignedRequest lastSecond =
        presigned(signing(ALICE).at(NOW.minus(Duration.ofMinutes(5))), Duration.ofMinutes(5));
    assertThat(verifier.verify(lastSecond)).isEqualTo(ALICE.principal());
    SignedRequest weekOld =
        presigned(signing(ALICE).at(NOW.minus(Duration.ofDays(7))), Duration.ofDays(7));
    assertThat(verifier.verify(weekOld)).isEqualTo(ALICE.principal());
  }

  @Test
  void presignedFromTheFuture() {
    SignedRequest request =
        presigned(signing(ALICE).at(NOW.plus(Duration.ofMinutes(16))), Duration.ofMinutes(5));
    assertThat(assertFails(() -> verifier.verify(request), AUTH_BAD_SIGNATURE))
        .hasMessageStartingWith("Signature not yet current: 20250314T152526Z");
  }

  @Test
  void scopeDateMustMatchRequestDate() {
    SignedRequest request =
        Tamper.authorization(header(signing(ALICE)), "/20250314/", "/20250313/");
    assertThat(assertFails(() -> verifier.verify(request), AUTH_BAD_SIGNATURE))
        .hasMessage(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                + " HTTP: '20250313' != '20250314', from '20250314T150926Z'.");
  }
}
