package dev.berth.iam;

import dev.berth.auth.Principal;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.StsSession;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STS: caller identity, AssumeRole (trust policy checked) and GetSessionToken. */
public final class StsService {
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::([0-9]{12}):role(/(?:[^/]+/)*)([\\w+=,.@-]{1,64})");
  private static final Duration MIN = Duration.ofMinutes(15);

  private final MetadataStore meta;
  private final SecretCipher cipher;
  private final TrustEvaluator trust;
  private final Clock clock;

  public StsService(MetadataStore meta, SecretCipher cipher, TrustEvaluator trust, Clock clock) {
    this.meta = meta;
    this.cipher = cipher;
    this.trust = trust;
    this.clock = clock;
  }

  /** Temporary credentials with their plain secret (shown once). */
  public record Issued(StsSession session, String secret, Principal principal) {}

  /** The principal a session acts as. */
  static Principal principal(StsSession s) {
    if (s.principalArn().contains(":assumed-role/")) {
      String roleName = s.sourceArn().substring(s.sourceArn().lastIndexOf('/') + 1);
      return Principal.assumedRole(
          s.account(), s.sourceArn(), roleName, s.sessionName(), s.accessKeyId());
    }
    if (s.sourceArn().endsWith(":root")) {
      return Principal.root(s.account(), s.accessKeyId());
    }
    String rest = s.sourceArn().substring(s.sourceArn().indexOf(":user") + 5);
    int slash = rest.lastIndexOf('/');
    return Principal.user(
        s.account(), rest.substring(0, slash + 1), rest.substring(slash + 1), s.accessKeyId());
  }

  public Issued assumeRole(
      Principal caller, String roleArn, String sessionName, Optional<Integer> seconds) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw new RegistryException(ErrorKind.INVALID_PARAMETER, "Invalid RoleArn: " + roleArn);
    }
    AccountId account = new AccountId(m.group(1));
    IamEntity role =
        meta.iam()
            .find(IamEntity.Type.ROLE, account, m.group(3))
            .filter(r -> r.arn().equals(roleArn))
            .orElseThrow(() -> denied(caller, roleArn));
    if (!trust.mayAssume(caller, role)) {
      throw denied(caller, roleArn);
    }
    Duration max =
        caller.type() == Principal.Type.ASSUMED_ROLE
            ? Duration.ofHours(1)
            : Duration.ofSeconds(role.maxSessionSeconds());
    Duration d = duration(seconds, Duration.ofHours(1), max);
    String sessionArn =
        "arn:aws:sts::" + account.value() + ":assumed-role/" + role.name() + "/" + sessionName;
    return issue(account, sessionArn, role.arn(), sessionName, d);
  }

  public Issued getSessionToken(Principal caller, Optional<Integer> seconds) {
    if (caller.type() == Principal.Type.ASSUMED_ROLE) {
      throw new RegistryException(
          ErrorKind.DENIED, "Cannot call GetSessionToken with session credentials");
    }
    Duration max =
        caller.type() == Principal.Type.ROOT ? Duration.ofHours(1) : Duration.ofHours(36);
    Duration d =
        duration(
            seconds,
            caller.type() == Principal.Type.ROOT ? Duration.ofHours(1) : Duration.ofHours(12),
            max);
    return issue(caller.account(), caller.arn(), caller.arn(), caller.name(), d);
  }

  private Issued issue(
      AccountId account, String principalArn, String sourceArn, String sessionName, Duration d) {
    String secret = IamIds.secret();
    Instant expires = clock.instant().plus(d);
    StsSession s =
        new StsSession(
            IamIds.accessKeyId("ASIA"),
            account,
            principalArn,
            sourceArn,
            sessionName,
            cipher.encrypt(secret),
            IamIds.sessionToken(),
            expires);
    meta.sessions().create(s);
    return new Issued(s, secret, principal(s));
  }

  private static Duration duration(Optional<Integer> seconds, Duration fallback, Duration max) {
    Duration d =
        seconds.map(Duration::ofSeconds).orElse(fallback.compareTo(max) > 0 ? max : fallback);
    if (d.compareTo(MIN) < 0 || d.compareTo(max) > 0) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role, or is"
              + " below 900 seconds (allowed: 900-"
              + max.toSeconds()
              + ")");
    }
    return d;
  }

  private static RegistryException denied(Principal caller, String roleArn) {
    return new RegistryException(
        ErrorKind.DENIED,
        "User: "
            + caller.arn()
            + " is not authorized to perform: sts:AssumeRole on resource: "
            + roleArn);
  }
}
