package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of policy cases in {@code src/test/resources/policy-cases/*.json}, each written from
 * IAM's documented behaviour with a one-line reason. See {@code policy-cases/README.md} for the
 * format.
 */
class PolicyCasesTest {
  private static final String DIR = "/policy-cases/";

  /** One case with the defaults of its file. */
  record Case(String file, JsonNode defaults, JsonNode spec) {
    String name() {
      return file + " / " + spec.path("name").asText("?");
    }
  }

  static List<Case> load() {
    List<Case> out = new ArrayList<>();
    for (String file : files()) {
      JsonNode root;
      try (InputStream in = PolicyCasesTest.class.getResourceAsStream(DIR + file)) {
        root = Json.mapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(file, e);
      }
      for (JsonNode c : root.path("cases")) {
        out.add(new Case(file, root.path("defaults"), c));
      }
    }
    return out;
  }

  private static List<String> files() {
    URL dir = PolicyCasesTest.class.getResource(DIR);
    try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> policyCases() {
    return load().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name() + " — " + c.spec().path("reason").asText(), () -> run(c)));
  }

  @Test
  void theTableHasAtLeast150CasesEachWithAReason() {
    List<Case> cases = load();
    assertThat(cases.size()).isGreaterThanOrEqualTo(150);
    for (Case c : cases) {
      assertThat(c.spec().path("name").asText()).as(c.name()).isNotBlank();
      assertThat(c.spec().path("reason").asText()).as(c.name()).isNotBlank();
      assertThat(c.spec().path("expect").asText())
          .as(c.name())
          .isIn("ALLOW", "EXPLICIT_DENY", "IMPLICIT_DENY", "MALFORMED", "VALID");
    }
    assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
  }

  static void run(Case c) {
    JsonNode spec = c.spec();
    String expect = spec.path("expect").asText();
    if (expect.equals("MALFORMED") || expect.equals("VALID")) {
      parseCase(spec, expect);
      return;
    }
    RequestContext ctx = context(c.defaults().path("context"), spec.path("context"));
    String account = text(spec, c.defaults(), "resourceAccount", "111111111111");
    Decision d =
        PolicyEvaluator.evaluate(
            ctx, new AccountId(account), identityPolicies(spec), resourcePolicies(spec));
    assertThat(d.outcome()).as("outcome (%s: %s)", d.labels(), d.reason()).hasToString(expect);
    if (spec.has("deciding")) {
      List<String> labels = new ArrayList<>();
      spec.get("deciding").forEach(n -> labels.add(n.asText()));
      assertThat(d.labels()).as("deciding statements").containsExactlyInAnyOrderElementsOf(labels);
    }
    if (spec.has("reasonContains")) {
      assertThat(d.reason()).contains(spec.get("reasonContains").asText());
    }
  }

  private static void parseCase(JsonNode spec, String expect) {
    PolicyKind kind = PolicyKind.valueOf(spec.path("kind").asText("IDENTITY"));
    String text = spec.has("text") ? spec.get("text").asText() : write(spec.get("policy"));
    if (spec.has("padding")) {
      text = text + " ".repeat(spec.get("padding").asInt());
    }
    SizeLimit limit = kind == PolicyKind.IDENTITY ? SizeLimit.MANAGED_POLICY : SizeLimit.ECR_POLICY;
    if (spec.has("limit")) {
      limit = new SizeLimit(spec.get("limit").asInt(), spec.path("countsWhitespace").asBoolean());
    }
    String document = text;
    SizeLimit l = limit;
    if (expect.equals("VALID")) {
      Policy p = Policy.parse(document, kind, l);
      if (spec.has("statements")) {
        assertThat(p.statementCount()).isEqualTo(spec.get("statements").asInt());
      }
      return;
    }
    assertThatThrownBy(() -> Policy.parse(document, kind, l))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_POLICY))
        .hasMessageContaining(spec.path("message").asText());
  }

  static RequestContext context(JsonNode defaults, JsonNode overrides) {
    ObjectNode merged = Json.mapper().createObjectNode();
    if (defaults.isObject()) {
      merged.setAll((ObjectNode) defaults.deepCopy());
    }
    ObjectNode keys = Json.mapper().createObjectNode();
    if (defaults.path("keys").isObject()) {
      keys.setAll((ObjectNode) defaults.get("keys").deepCopy());
    }
    if (overrides.isObject()) {
      merged.setAll((ObjectNode) overrides.deepCopy());
      if (overrides.path("keys").isObject()) {
        keys.setAll((ObjectNode) overrides.get("keys").deepCopy());
      }
    }
    String principal = merged.path("principal").asText();
    RequestContext.Builder b =
        RequestContext.builder()
            .principal(type(merged, principal), principal)
            .action(merged.path("action").asText())
            .resource(merged.path("resource").asText());
    if (merged.has("roleArn")) {
      b.roleArn(merged.get("roleArn").asText());
    }
    if (merged.has("userId")) {
      b.userId(merged.get("userId").asText());
    }
    for (Map.Entry<String, JsonNode> k : keys.properties()) {
      List<String> values = new ArrayList<>();
      if (k.getValue().isArray()) {
        k.getValue().forEach(v -> values.add(v.asText()));
      } else {
        values.add(k.getValue().asText());
      }
      b.key(k.getKey(), values);
    }
    return b.build();
  }

  private static PrincipalType type(JsonNode ctx, String principal) {
    if (ctx.has("type")) {
      return PrincipalType.valueOf(ctx.get("type").asText());
    }
    if (principal.endsWith(":root")) {
      return PrincipalType.ACCOUNT_ROOT;
    }
    if (principal.contains(":user/")) {
      return PrincipalType.USER;
    }
    if (principal.contains(":assumed-role/")) {
      return PrincipalType.ASSUMED_ROLE;
    }
    if (principal.contains(":federated-user/")) {
      return PrincipalType.FEDERATED_USER;
    }
    return PrincipalType.SERVICE;
  }

  private static List<NamedPolicy> identityPolicies(JsonNode spec) {
    List<NamedPolicy> out = new ArrayList<>();
    int n = 0;
    for (JsonNode p : spec.path("identity")) {
      n++;
      if (p.has("managed")) {
        out.add(
            ManagedPolicies.byName(p.get("managed").asText())
                .orElseThrow(() -> new AssertionError("no managed policy " + p)));
      } else {
        String name = p.path("name").asText("p" + n);
        out.add(new NamedPolicy(name, Policy.parseIdentity(write(p.get("policy")))));
      }
    }
    if (spec.has("condition")) {
      out.add(new NamedPolicy("cond", Policy.parseIdentity(write(conditional(spec)))));
    }
    if (spec.has("denyCondition")) {
      out.add(new NamedPolicy("cond", Policy.parseIdentity(write(denying(spec)))));
    }
    return out;
  }

  /** {@code condition}: one Allow of the default action on everything, under the condition. */
  private static JsonNode conditional(JsonNode spec) {
    ObjectNode st = Json.mapper().createObjectNode();
    st.put("Sid", "C").put("Effect", "Allow").put("Action", "*").put("Resource", "*");
    st.set("Condition", spec.get("condition"));
    return document(spec, List.of(st));
  }

  /** {@code denyCondition}: Allow everything, and Deny everything under the condition. */
  private static JsonNode denying(JsonNode spec) {
    ObjectNode allow = Json.mapper().createObjectNode();
    allow.put("Sid", "All").put("Effect", "Allow").put("Action", "*").put("Resource", "*");
    ObjectNode deny = Json.mapper().createObjectNode();
    deny.put("Sid", "D").put("Effect", "Deny").put("Action", "*").put("Resource", "*");
    deny.set("Condition", spec.get("denyCondition"));
    return document(spec, List.of(allow, deny));
  }

  private static JsonNode document(JsonNode spec, List<ObjectNode> statements) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("Version", spec.path("version").asText(Policy.VERSION_2012));
    doc.putArray("Statement").addAll(statements);
    return doc;
  }

  private static List<NamedPolicy> resourcePolicies(JsonNode spec) {
    List<NamedPolicy> out = new ArrayList<>();
    JsonNode r = spec.path("resource");
    List<JsonNode> entries = new ArrayList<>();
    if (r.isArray()) {
      r.forEach(entries::add);
    } else if (r.isObject()) {
      entries.add(r);
    }
    for (JsonNode e : entries) {
      JsonNode policy = e.has("Statement") ? e : e.get("policy");
      String name = e.has("Statement") ? "repo" : e.path("name").asText("repo");
      out.add(new NamedPolicy(name, Policy.parseResource(write(policy))));
    }
    return out;
  }

  private static String text(JsonNode spec, JsonNode defaults, String field, String fallback) {
    if (spec.has(field)) {
      return spec.get(field).asText();
    }
    return defaults.path(field).asText(fallback);
  }

  static String write(JsonNode node) {
    if (node == null) {
      fail("a case needs a policy");
    }
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
