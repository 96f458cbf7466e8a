package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@code WWW-Authenticate} challenges are read. */
class ChallengeTest {
  @Test
  void bearerChallenge_parsesQuotedParameters() {
    Challenge c =
        Challenge.parse(
                "Bearer realm=\"http://127.0.0.1:9/token\",service=\"reg\","
                    + "scope=\"repository:library/app:pull\"")
            .orElseThrow();
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).contains("http://127.0.0.1:9/token");
    assertThat(c.param("scope")).contains("repository:library/app:pull");
    assertThat(Challenge.parse("Basic realm=\"berth\"").orElseThrow().scheme()).isEqualTo("basic");
  }
}
