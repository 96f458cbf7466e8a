package dev.berth.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Principal} or {@code NotPrincipal} element of a resource-based policy: {@code "*"}, or
 * {@code {"AWS": ...}} (account ids, account root, user, role, role-session and federated-user
 * ARNs), {@code {"Service": ...}}, {@code {"Federated": ...}}.
 *
 * <p>A caller is seen as the set of identities a policy can name: its account root ARN, and its
 * user ARN, or its role ARN and session ARN. {@code Principal} matches when the policy names any of
 * them; naming only the account delegates to the account (see {@link Match#ACCOUNT}). {@code
 * NotPrincipal} matches unless the policy names every one of them, which is why IAM asks a Deny
 * with NotPrincipal to list the account too.
 */
final class PrincipalSpec {
  /** How a statement's principal matched the caller. */
  enum Match {
    /** It does not apply to the caller. */
    NONE,
    /** It names the caller itself (or everyone, or the caller's service or provider). */
    DIRECT,
    /**
     * It names only the caller's account: the account's administrators decide through identity
     * policies, so in the same account this grants nothing by itself (the IAM User Guide: an
     * account principal "delegates authority to the account").
     */
    ACCOUNT
  }

  /** No Principal element (identity-based policies): matches no one. */
  static final PrincipalSpec NONE = new PrincipalSpec(false, false, Map.of());

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
  private static final Pattern PROVIDER_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:(saml-provider|oidc-provider)/\\S+");

  private final boolean negated;
  private final boolean everyone;
  private final Set<String> aws;
  private final Set<String> services;
  private final Set<String> federated;

  private PrincipalSpec(boolean negated, boolean everyone, Map<String, Set<String>> byType) {
    this.negated = negated;
    this.everyone = everyone;
    this.aws = ordered(byType.get("AWS"));
    this.services = ordered(byType.get("Service"));
    this.federated = ordered(byType.get("Federated"));
  }

  /** An unmodifiable copy keeping the policy's order (for messages and principalArns()). */
  private static Set<String> ordered(@Nullable Set<String> values) {
    return values == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }

  /** The canonical AWS principal ARNs the element names. */
  Set<String> awsPrincipals() {
    return aws;
  }

  static PrincipalSpec parse(JsonNode node, boolean negated) {
    if (node.isTextual()) {
      if (node.asText().equals("*")) {
        return new PrincipalSpec(negated, true, Map.of());
      }
      throw Malformed.of("Invalid principal in policy: " + node);
    }
    if (!node.isObject() || node.isEmpty()) {
      throw Malformed.syntax("Principal must be \"*\" or an object such as {\"AWS\": \"...\"}.");
    }
    boolean everyone = false;
    Map<String, Set<String>> byType = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String type = e.getKey();
      Set<String> values = new LinkedHashSet<>();
      for (String v : strings(e.getValue())) {
        String bad = "Invalid principal in policy: \"" + type + "\":\"" + v + "\"";
        switch (type) {
          case "AWS" -> {
            if (v.equals("*")) {
              everyone = true;
            } else {
              values.add(Arns.principal(v).orElseThrow(() -> Malformed.of(bad)));
            }
          }
          case "Service" -> {
            if (!HOST.matcher(v).matches()) {
              throw Malformed.of(bad);
            }
            values.add(v);
          }
          case "Federated" -> {
            if (!HOST.matcher(v).matches() && !PROVIDER_ARN.matcher(v).matches()) {
              throw Malformed.of(bad);
            }
            values.add(v);
          }
          default -> throw Malformed.of(bad);
        }
      }
      byType.put(type, values);
    }
    return new PrincipalSpec(negated, everyone, byType);
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray() && !node.isEmpty()) {
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw Malformed.syntax("Principal values must be strings.");
        }
        out.add(n.asText());
      }
    } else {
      throw Malformed.syntax("Principal values must be a string or a non-empty list of strings.");
    }
    return out;
  }

  Match match(RequestContext ctx) {
    return negated ? matchNot(ctx) : matchPositive(ctx);
  }

  private Match matchPositive(RequestContext ctx) {
    if (everyone) {
      return Match.DIRECT;
    }
    return switch (ctx.principalType()) {
      case SERVICE -> services.contains(ctx.principalArn()) ? Match.DIRECT : Match.NONE;
      case IDENTITY_PROVIDER -> federated.contains(ctx.principalArn()) ? Match.DIRECT : Match.NONE;
      default -> matchAws(ctx);
    };
  }

  private Match matchAws(RequestContext ctx) {
    List<String> ids = ctx.awsIdentities();
    for (String id : ids.subList(1, ids.size())) {
      if (aws.contains(id)) {
        return Match.DIRECT;
      }
    }
    if (aws.contains(ids.get(0))) {
      return ctx.isRoot() ? Match.DIRECT : Match.ACCOUNT;
    }
    return Match.NONE;
  }

  private Match matchNot(RequestContext ctx) {
    if (everyone) {
      return Match.NONE;
    }
    boolean allExcluded =
        switch (ctx.principalType()) {
          case SERVICE -> services.contains(ctx.principalArn());
          case IDENTITY_PROVIDER -> federated.contains(ctx.principalArn());
          default -> aws.containsAll(ctx.awsIdentities());
        };
    return allExcluded ? Match.NONE : Match.DIRECT;
  }
}
