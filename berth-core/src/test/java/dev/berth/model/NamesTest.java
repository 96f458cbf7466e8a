package dev.berth.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "team/app",
        "a-b/c_d/e.f",
        "a/b/c/d/e",
        "0x/1y",
        "my-app__x",
        "a--b",
        "a---b/c"
      })
  void repositoryName_acceptsEcrGrammar(String name) {
    assertThat(RepositoryName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "UPPER",
        "a//b",
        "/ab",
        "ab/",
        "a/../b",
        "..",
        "-ab",
        "ab-",
        "a b",
        "a%2fb",
        "a\\b",
        "ab:c",
        "_x",
        "a..b/../c"
      })
  void repositoryName_rejectsEverythingElse(String name) {
    assertThat(RepositoryName.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {256})
  void repositoryName_allowsUpTo256Characters(int length) {
    assertThat(RepositoryName.isValid("a".repeat(length))).isTrue();
    assertThat(RepositoryName.isValid("a".repeat(length + 1))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "v1.2.3", "_x", "A-b_c.D"})
  void tag_acceptsOciGrammar(String tag) {
    assertThat(Tag.isValid(tag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-x", ".x", "a/b", "a:b", "a b"})
  void tag_rejectsEverythingElse(String tag) {
    assertThat(Tag.isValid(tag)).isFalse();
    assertThat(Tag.isValid("a".repeat(129))).isFalse();
    assertThat(Tag.isValid("a".repeat(128))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256:abc",
        "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:../../../../etc/passwd",
        "sha256",
        ":abc",
        "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void digest_rejectsMalformedOrUnsupported(String text) {
    assertThat(Digest.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void digest_parsesAndPrintsBack(String text) {
    Digest d = Digest.parse(text).orElseThrow();
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.toString()).isEqualTo(text);
    assertThat(Digest.parse("sha512:" + "a".repeat(128))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"000000000000", "123456789012"})
  void accountId_isTwelveDigits(String id) {
    assertThat(AccountId.isValid(id)).isTrue();
    assertThat(AccountId.isValid(id + "1")).isFalse();
    assertThat(AccountId.isValid("12345678901a")).isFalse();
  }
}
