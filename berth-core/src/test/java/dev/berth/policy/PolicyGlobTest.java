package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyGlobTest {
  @ParameterizedTest
  @CsvSource({
    "*, '', true",
    "*, anything, true",
    "a*c, abbbc, true",
    "a*c, ab, false",
    "a?c, abc, true",
    "a?c, ac, false",
    "*a*a*, banana, true",
    "*x*, banana, false",
    "'a\\*', a*, true",
    "'a\\*', ab, false",
    "'a\\?', a?, true",
    "'a\\\\b', a\\b, true"
  })
  void plainWildcards(String pattern, String text, boolean expected) {
    assertThat(Glob.matches(pattern, text, false, false)).isEqualTo(expected);
  }

  @Test
  void caseFolding() {
    assertThat(Glob.matches("ecr:batch*", "ECR:BatchGetImage", true, false)).isTrue();
    assertThat(Glob.matches("ecr:batch*", "ECR:BatchGetImage", false, false)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "arn:aws:ecr:*, arn:aws:ecr:us-east-1:111111111111:repository/a, true",
    "arn:aws:ecr:*:111111111111:repository/a, arn:aws:ecr:us-east-1:111111111111:repository/a, true",
    "arn:aws:ecr:us-*-1:111111111111:*, arn:aws:ecr:us-east-1:111111111111:repository/a, true",
    "arn:aws:ecr:us-*1:repository/a, arn:aws:ecr:us-east-1:111111111111:repository/a, false",
    "arn:aws:ecr:us-east-?:*, arn:aws:ecr:us-east-1:111111111111:x, true",
    "arn:aws:ecr:us-east-1?*, arn:aws:ecr:us-east-1:111111111111:x, false",
    "arn:aws:ecr:*:*:repository/*, arn:aws:ecr:us-east-1:111111111111:repository/a/b, true"
  })
  void arnSegments(String pattern, String text, boolean expected) {
    assertThat(Glob.matches(pattern, text, false, true)).isEqualTo(expected);
  }

  @Test
  void escapeMakesEveryCharacterLiteral() {
    String literal = "a*b?c\\d";
    assertThat(Glob.matches(Glob.escape(literal), literal, false, false)).isTrue();
    assertThat(Glob.matches(Glob.escape(literal), "aXb?c\\d", false, false)).isFalse();
  }

  @Test
  void longInputsStayFast() {
    String text = "a".repeat(5000);
    assertThat(Glob.matches("*a*a*a*a*a*a*a*a*b", text, false, false)).isFalse();
  }
}
