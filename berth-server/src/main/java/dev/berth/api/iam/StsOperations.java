package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.Principal;
import dev.berth.iam.StsService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** GetCallerIdentity, AssumeRole, GetSessionToken. */
final class StsOperations {
  private final StsService sts;

  StsOperations(StsService sts) {
    this.sts = sts;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("GetCallerIdentity", this::callerIdentity);
    ops.put("AssumeRole", this::assumeRole);
    ops.put("GetSessionToken", this::sessionToken);
  }

  private Object callerIdentity(CallContext call, JsonNode in) {
    Principal p = call.principal();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("UserId", p.type() == Principal.Type.ROOT ? p.account().value() : p.accessKeyId());
    m.put("Account", p.account().value());
    m.put("Arn", p.arn());
    return m;
  }

  private static Optional<Integer> duration(JsonNode in) {
    return in.has("DurationSeconds")
        ? Optional.of(in.get("DurationSeconds").intValue())
        : Optional.empty();
  }

  private Object assumeRole(CallContext call, JsonNode in) {
    StsService.Issued issued =
        sts.assumeRole(
            call.principal(),
            IamWire.text(in, "RoleArn"),
            IamWire.text(in, "RoleSessionName"),
            duration(in));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Credentials", credentials(issued));
    m.put(
        "AssumedRoleUser",
        Map.of(
            "AssumedRoleId",
            issued.session().accessKeyId() + ":" + issued.session().sessionName(),
            "Arn",
            issued.principal().arn()));
    return m;
  }

  private Object sessionToken(CallContext call, JsonNode in) {
    return Map.of("Credentials", credentials(sts.getSessionToken(call.principal(), duration(in))));
  }

  private static Map<String, Object> credentials(StsService.Issued issued) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AccessKeyId", issued.session().accessKeyId());
    m.put("SecretAccessKey", issued.secret());
    m.put("SessionToken", issued.session().sessionToken());
    m.put("Expiration", issued.session().expiresAt());
    return m;
  }
}
