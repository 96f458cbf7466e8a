package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalRequestTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|/",
        "/|/",
        "/v2/|/v2/",
        "/a%2Fb|/a%252Fb",
        "/a%20b/c|/a%2520b/c",
        "/caf\u00e9|/caf%C3%A9",
        "/a b|/a%20b",
        "/a/./b/../c//d/|/a/c/d/",
        "//example//|/example/",
        "/a/b/..|/a/",
        "/a/.|/a/",
        "/..|/",
        "/../x|/x",
        "/a-b_c.d~e|/a-b_c.d~e",
        "/sha256:abc+def|/sha256%3Aabc%2Bdef"
      })
  void canonicalUri(String rawPath, String expected) {
    assertThat(CanonicalRequest.uri(rawPath)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|''",
        "b=2&a=1&a=0|a=0&a=1&b=2",
        "q=a+b|q=a%20b",
        "q=a%20b|q=a%20b",
        "q=a%2Bb|q=a%2Bb",
        "flag|flag=",
        "flag=&x=1|flag=&x=1",
        "%7e=%7E|~=~",
        "k=%zz|k=%25zz",
        "k=a/b=c|k=a%2Fb%3Dc",
        "k=%C3%A9|k=%C3%A9",
        "k=\u00e9|k=%C3%A9",
        "B=1&a=1&_=1|B=1&_=1&a=1",
        "=orphan&a=1|a=1",
        "X-Amz-Signature=abc&a=1|X-Amz-Signature=abc&a=1"
      })
  void canonicalQuery(String rawQuery, String expected) {
    assertThat(CanonicalRequest.query(QueryParameters.parse(rawQuery), false)).isEqualTo(expected);
  }

  @Test
  void presignedQueryLeavesOutItsSignature() {
    QueryParameters query = QueryParameters.parse("X-Amz-Signature=abc&a=1&X-Amz-Date=1");
    assertThat(CanonicalRequest.query(query, true)).isEqualTo("X-Amz-Date=1&a=1");
  }

  @Test
  void canonicalHeaders() {
    Map<String, List<String>> headers =
        Map.of(
            "host", List.of("example.com"),
            "x-multi", List.of("  one ", "two   words\there"),
            "x-empty", List.of(""));
    assertThat(CanonicalRequest.headers(headers, List.of("host", "x-empty", "x-multi", "x-absent")))
        .isEqualTo("host:example.com\nx-empty:\nx-multi:one,two words here\nx-absent:\n");
  }

  @Test
  void trimAll() {
    assertThat(CanonicalRequest.trimAll("  a   b\t\t c \r\n")).isEqualTo("a b c");
    assertThat(CanonicalRequest.trimAll("   ")).isEmpty();
    assertThat(CanonicalRequest.trimAll("\"a   b\"")).isEqualTo("\"a b\"");
  }

  @Test
  void encoding() {
    assertThat(UriEncoding.encode("aZ09-_.~ /*+=%\u00e9\ud83d\ude80", false))
        .isEqualTo("aZ09-_.~%20%2F%2A%2B%3D%25%C3%A9%F0%9F%9A%80");
    assertThat(UriEncoding.encode("/a b/", true)).isEqualTo("/a%20b/");
    assertThat(UriEncoding.decodeQueryComponent("a%2Bb+c%f0%9f%9a%80%"))
        .isEqualTo("a+b c\ud83d\ude80%");
    assertThat(UriEncoding.decodeQueryComponent("%\uff10\uff10")).isEqualTo("%\uff10\uff10");
  }

  @Test
  void signingKeysAreCachedPerSecretAndScope() {
    SigningKeys keys = new SigningKeys();
    CredentialScope scope = new CredentialScope("AKID", "20250314", "us-east-1", "ecr");
    byte[] first = keys.signingKey("secret", scope);
    assertThat(keys.signingKey("secret", scope)).isSameAs(first);
    assertThat(
            keys.signingKey("secret", new CredentialScope("OTHER", "20250314", "us-east-1", "ecr")))
        .isSameAs(first);
    assertThat(keys.signingKey("secret2", scope)).isNotEqualTo(first);
    assertThat(
            keys.signingKey("secret", new CredentialScope("AKID", "20250315", "us-east-1", "ecr")))
        .isNotEqualTo(first);
    assertThat(first).isEqualTo(SigningKeys.derive("secret", scope));
  }
}
