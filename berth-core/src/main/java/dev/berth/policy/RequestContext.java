package dev.berth.policy;

import dev.berth.model.AccountId;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a policy can look at for one request: the principal, the action ({@code
 * ecr:BatchGetImage}), the resource ARN and the condition keys ({@code aws:SourceIp}, {@code
 * aws:CurrentTime}, {@code aws:PrincipalTag/...}, {@code ecr:ResourceTag/...}, ...). Keys compare
 * case-insensitively; a key with no values is absent. The builder fills in the principal keys IAM
 * sets itself ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:PrincipalType},
 * {@code aws:username}, {@code aws:userid}) unless the caller sets them.
 */
public final class RequestContext {
  private final PrincipalType principalType;
  private final String principal;
  private final @Nullable String account; // null for service and identity-provider principals
  private final @Nullable String roleArn; // null unless an assumed role
  private final String action;
  private final String resource;
  private final Map<String, List<String>> keys;

  private RequestContext(
      PrincipalType principalType,
      String principal,
      @Nullable String account,
      @Nullable String roleArn,
      String action,
      String resource,
      Map<String, List<String>> keys) {
    this.principalType = principalType;
    this.principal = principal;
    this.account = account;
    this.roleArn = roleArn;
    this.action = action;
    this.resource = resource;
    this.keys = Collections.unmodifiableMap(keys);
  }

  public static Builder builder() {
    return new Builder();
  }

  public PrincipalType principalType() {
    return principalType;
  }

  /** The caller's ARN (for a role session, the session ARN), or the service or provider name. */
  public String principalArn() {
    return principal;
  }

  /** The caller's account; empty for service and identity-provider principals. */
  public Optional<AccountId> principalAccount() {
    return Optional.ofNullable(account).map(AccountId::new);
  }

  /** For a role session, the ARN of the role (with its path when the caller gave it). */
  public Optional<String> roleArn() {
    return Optional.ofNullable(roleArn);
  }

  public String action() {
    return action;
  }

  public String resource() {
    return resource;
  }

  /** All condition keys, case-insensitive, unmodifiable. */
  public Map<String, List<String>> keys() {
    return keys;
  }

  /** The values of a condition key; empty when the key is absent. */
  public List<String> values(String key) {
    return keys.getOrDefault(key, List.of());
  }

  public boolean isRoot() {
    return principalType == PrincipalType.ACCOUNT_ROOT;
  }

  /** A copy with {@code key} set to {@code value} unless the key is already present. */
  RequestContext withDefault(String key, String value) {
    if (keys.containsKey(key)) {
      return this;
    }
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(keys);
    copy.put(key, List.of(value));
    return new RequestContext(principalType, principal, account, roleArn, action, resource, copy);
  }

  /**
   * The ARNs a Principal element can name to mean this caller: the account root (which in a
   * resource policy stands for every principal of the account), the user, or the role and the
   * session.
   */
  List<String> awsIdentities() {
    if (!principalType.isAwsIdentity()) {
      return List.of();
    }
    String partition = Arns.partitionAndAccount(principal).map(p -> p[0]).orElse("aws");
    List<String> out = new ArrayList<>();
    out.add(Arns.root(partition, Objects.requireNonNull(account, "an AWS identity's account")));
    if (principalType == PrincipalType.ASSUMED_ROLE && roleArn != null) {
      String role = roleArn;
      out.add(role);
      Arns.roleOfSession(principal).filter(r -> !r.equals(role)).ifPresent(out::add);
    }
    if (principalType != PrincipalType.ACCOUNT_ROOT) {
      out.add(principal);
    }
    return out;
  }

  /** The account root ARN of the caller's account, if an AWS identity. */
  Optional<String> accountRootArn() {
    return awsIdentities().stream().findFirst();
  }

  @Override
  public String toString() {
    return principal + " " + action + " " + resource;
  }

  /** Builds a {@link RequestContext}; principal, action and resource are required. */
  public static final class Builder {
    private @Nullable PrincipalType type;
    private @Nullable String principal;
    private @Nullable String account;
    private @Nullable String roleArn;
    private @Nullable String action;
    private @Nullable String resource;
    private @Nullable String username;
    private @Nullable String userId;
    private final Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Builder() {}

    /**
     * The caller: an ARN for AWS identities ({@code arn:aws:iam::111122223333:user/bob}, a root
     * ARN, a role-session or federated-user ARN), a service name ({@code ecr.amazonaws.com}) or an
     * identity provider.
     */
    public Builder principal(PrincipalType type, String principal) {
      this.type = type;
      this.principal = principal;
      return this;
    }

    /** For a role session: the role's full ARN (with path); derived from the session otherwise. */
    public Builder roleArn(String roleArn) {
      this.roleArn = roleArn;
      return this;
    }

    /** {@code aws:username}; derived from a user ARN otherwise. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** {@code aws:userid} (a user's unique id, or {@code roleId:session} for role sessions). */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** Sets a condition key (replacing earlier values); no values means absent. */
    public Builder key(String key, List<String> values) {
      if (values.isEmpty()) {
        keys.remove(key);
      } else {
        keys.remove(key);
        keys.put(key, List.copyOf(values));
      }
      return this;
    }

    public Builder key(String key, String... values) {
      return key(key, Arrays.asList(values));
    }

    /** {@code aws:CurrentTime} (ISO 8601, UTC) and {@code aws:EpochTime}. */
    public Builder currentTime(Instant now) {
      Instant t = now.truncatedTo(ChronoUnit.SECONDS);
      key("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(t));
      return key("aws:EpochTime", Long.toString(t.getEpochSecond()));
    }

    public Builder sourceIp(String ip) {
      return key("aws:SourceIp", ip);
    }

    public Builder secureTransport(boolean secure) {
      return key("aws:SecureTransport", Boolean.toString(secure));
    }

    /** Validates and builds; throws {@link IllegalArgumentException} on a malformed principal. */
    public RequestContext build() {
      PrincipalType t = type;
      String p = principal;
      String act = action;
      String res = resource;
      if (t == null || p == null || p.isEmpty()) {
        throw new IllegalArgumentException("a request context needs a principal");
      }
      if (act == null || act.indexOf(':') < 1) {
        throw new IllegalArgumentException("action must be service:Name, got '" + act + "'");
      }
      if (res == null || res.isEmpty()) {
        throw new IllegalArgumentException("a request context needs a resource");
      }
      Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      all.putAll(keys);
      String acct = account;
      String role = roleArn;
      if (t.isAwsIdentity()) {
        checkAwsPrincipal(t, p);
        String identityAccount = Arns.partitionAndAccount(p).orElseThrow()[1];
        acct = identityAccount;
        if (t == PrincipalType.ASSUMED_ROLE && role == null) {
          role = Arns.roleOfSession(p).orElseThrow();
        }
        all.putIfAbsent(
            "aws:PrincipalArn",
            List.of(t == PrincipalType.ASSUMED_ROLE && role != null ? role : p));
        all.putIfAbsent("aws:PrincipalAccount", List.of(identityAccount));
        all.putIfAbsent("aws:PrincipalType", List.of(t.contextValue().orElseThrow()));
        if (userId == null && t == PrincipalType.ACCOUNT_ROOT) {
          all.putIfAbsent("aws:userid", List.of(identityAccount));
        }
      }
      if (t == PrincipalType.SERVICE) {
        all.putIfAbsent("aws:PrincipalServiceName", List.of(p));
      }
      if (t == PrincipalType.USER) {
        String name = username != null ? username : p.substring(p.lastIndexOf('/') + 1);
        all.putIfAbsent("aws:username", List.of(name));
      }
      if (userId != null) {
        all.putIfAbsent("aws:userid", List.of(userId));
      }
      return new RequestContext(t, p, acct, role, act, res, all);
    }

    private static void checkAwsPrincipal(PrincipalType t, String p) {
      if (Arns.principal(p).filter(p::equals).isEmpty()) {
        throw new IllegalArgumentException("not a principal ARN: '" + p + "'");
      }
      String marker =
          switch (t) {
            case ACCOUNT_ROOT -> ":root";
            case USER -> ":user/";
            case ASSUMED_ROLE -> ":assumed-role/";
            case FEDERATED_USER -> ":federated-user/";
            default -> throw new IllegalArgumentException("not an AWS identity: " + t);
          };
      if (!p.contains(marker)) {
        throw new IllegalArgumentException(t + " principal expected, got '" + p + "'");
      }
    }
  }
}
