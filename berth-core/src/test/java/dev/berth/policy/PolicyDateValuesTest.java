package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyDateValuesTest {
  @ParameterizedTest
  @CsvSource({
    "2024-06-15T12:00:00Z, 2024-06-15T12:00:00Z",
    "2024-06-15T12:00:00.250Z, 2024-06-15T12:00:00.250Z",
    "2024-06-15T14:00:00+02:00, 2024-06-15T12:00:00Z",
    "2024-06-15T07:00:00-05:00, 2024-06-15T12:00:00Z",
    "2024-06-15T12:00Z, 2024-06-15T12:00:00Z",
    "2024-06-15T12:00:00, 2024-06-15T12:00:00Z",
    "2024-06-15, 2024-06-15T00:00:00Z",
    "1718452800, 2024-06-15T12:00:00Z",
    "1718452800.5, 2024-06-15T12:00:00.500Z",
    "0, 1970-01-01T00:00:00Z"
  })
  void acceptedForms(String text, String expected) {
    assertThat(DateValues.parse(text)).hasValue(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "yesterday", "2024-13-01", "2024-06-31", "15/06/2024", "2024-06-15 12:00:00"})
  void refusedForms(String text) {
    assertThat(DateValues.parse(text)).isEmpty();
  }
}
