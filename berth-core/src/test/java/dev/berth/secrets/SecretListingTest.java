package dev.berth.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListSecrets: order, paging and filters. */
class SecretListingTest extends SecretsFixture {
  @BeforeEach
  void secrets() {
    add(0, "ecr-pullthroughcache/docker-hub", "Docker Hub login", Map.of("team", "infra"));
    add(1, "ecr-pullthroughcache/ghcr", "GitHub registry", Map.of("team", "dev", "env", "prod"));
    add(2, "app/db-password", "database password", Map.of());
  }

  private void add(int minutes, String name, String description, Map<String, String> tags) {
    at(NOW.plus(Duration.ofMinutes(minutes)))
        .create(
            SCOPE,
            new NewSecret(
                name, T1, Optional.of(description), Optional.empty(), tags, Optional.empty()));
  }

  private List<String> names(String key, String... values) {
    ListQuery q =
        new ListQuery(
            List.of(new SecretFilter(key, List.of(values))), false, false, 100, Optional.empty());
    return secrets.list(SCOPE, q).items().stream().map(d -> d.secret().name()).toList();
  }

  @Test
  void list_isByCreationDate_eitherWay_andPagesWithoutLossOrRepeat() {
    List<String> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      Page<SecretDetails> page =
          secrets.list(SCOPE, new ListQuery(List.of(), false, true, 2, after));
      assertThat(page.items().size()).isLessThanOrEqualTo(2);
      page.items().forEach(d -> seen.add(d.secret().name()));
      after = page.next();
    } while (after.isPresent());
    assertThat(seen)
        .containsExactly(
            "app/db-password", "ecr-pullthroughcache/ghcr", "ecr-pullthroughcache/docker-hub");
    assertThat(secrets.list(SCOPE, query(1)).items().get(0).secret().name())
        .isEqualTo("ecr-pullthroughcache/docker-hub");
  }

  @Test
  void filters_matchPrefixes_anyValueOfOneFilter_everyFilter_andNegation() {
    assertThat(names("name", "ecr-pullthroughcache/"))
        .containsExactly("ecr-pullthroughcache/docker-hub", "ecr-pullthroughcache/ghcr");
    assertThat(names("name", "ECR-")).as("names are case-sensitive").isEmpty();
    assertThat(names("description", "docker")).containsExactly("ecr-pullthroughcache/docker-hub");
    assertThat(names("tag-key", "env")).containsExactly("ecr-pullthroughcache/ghcr");
    assertThat(names("tag-value", "inf", "pro"))
        .containsExactly("ecr-pullthroughcache/docker-hub", "ecr-pullthroughcache/ghcr");
    assertThat(names("name", "!ecr-")).containsExactly("app/db-password");
    assertThat(names("all", "PASSWORD"))
        .as("a word of the name or description")
        .containsExactly("app/db-password");
    assertThat(names("all", "hub")).containsExactly("ecr-pullthroughcache/docker-hub");
    assertThat(names("owning-service", "rds")).isEmpty();
    ListQuery both =
        new ListQuery(
            List.of(
                new SecretFilter("name", List.of("ecr-")),
                new SecretFilter("tag-value", List.of("dev"))),
            false,
            false,
            100,
            Optional.empty());
    assertThat(secrets.list(SCOPE, both).items())
        .extracting(d -> d.secret().name())
        .containsExactly("ecr-pullthroughcache/ghcr");
  }

  @Test
  void aKeyThatIsNotOne_isAnInvalidToken() {
    assertThatThrownBy(
            () -> secrets.list(SCOPE, new ListQuery(List.of(), false, false, 1, Optional.of("x"))))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.PAGINATION_INVALID);
  }
}
