package dev.berth.api.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.StoredSecret;
import dev.berth.secrets.SecretsService;
import java.util.Map;

/** DescribeSecret, DeleteSecret, RestoreSecret. */
final class SecretOperations {
  /** DeleteSecret's recovery window when none is given, in days. */
  private static final long DEFAULT_RECOVERY_DAYS = 30;

  private final SecretsService secrets;
  private final SecretCalls calls;

  SecretOperations(SecretsService secrets, SecretCalls calls) {
    this.secrets = secrets;
    this.calls = calls;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("DescribeSecret", this::describe);
    ops.put("DeleteSecret", this::delete);
    ops.put("RestoreSecret", this::restore);
  }

  private Object describe(CallContext call, JsonNode in) {
    String id = calls.allowedSecretId(call, in);
    return SecretsWire.details(secrets.describe(calls.scope(call), id), "VersionIdsToStages");
  }

  private Object delete(CallContext call, JsonNode in) {
    String id = calls.allowedSecretId(call, in);
    boolean force = SecretCalls.flag(in, "ForceDeleteWithoutRecovery");
    JsonNode window = in.path("RecoveryWindowInDays");
    if (force && window.isNumber()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    StoredSecret deleted =
        force
            ? secrets.forceDelete(calls.scope(call), id)
            : secrets.scheduleDeletion(
                calls.scope(call), id, window.isNumber() ? window.asLong() : DEFAULT_RECOVERY_DAYS);
    Map<String, Object> out = SecretsWire.named(deleted);
    deleted.deletionDate().ifPresent(d -> out.put("DeletionDate", SecretsWire.time(d)));
    return out;
  }

  private Object restore(CallContext call, JsonNode in) {
    String id = calls.allowedSecretId(call, in);
    return SecretsWire.named(secrets.restore(calls.scope(call), id));
  }
}
