package dev.berth.api.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.api.awsjson.StreamedBlob;
import dev.berth.common.Ids;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.secrets.NewSecret;
import dev.berth.secrets.SecretScope;
import dev.berth.secrets.SecretValue;
import dev.berth.secrets.SecretsService;
import dev.berth.secrets.VersionSelector;
import dev.berth.secrets.VersionedValue;
import dev.berth.secrets.WrittenVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateSecret, PutSecretValue, GetSecretValue: the operations that carry a secret's value. */
final class ValueOperations {
  private final SecretsService secrets;
  private final SecretCalls calls;

  ValueOperations(SecretsService secrets, SecretCalls calls) {
    this.secrets = secrets;
    this.calls = calls;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("CreateSecret", this::create);
    ops.put("PutSecretValue", this::put);
    ops.put("GetSecretValue", this::get);
  }

  private Object create(CallContext call, JsonNode in) {
    SecretScope scope = calls.scope(call);
    String name = SecretCalls.required(in, "Name");
    if (!in.path("AddReplicaRegions").isMissingNode() && !in.path("AddReplicaRegions").isEmpty()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER, "Berth does not replicate secrets to other regions.");
    }
    Optional<SecretValue> value = value(in);
    calls.check(call, SecretsService.createArn(scope, name));
    WrittenVersion w =
        secrets.create(
            scope,
            new NewSecret(
                name,
                token(in),
                SecretCalls.text(in, "Description"),
                SecretCalls.text(in, "KmsKeyId"),
                SecretsWire.tags(in.path("Tags")),
                value));
    Map<String, Object> out = SecretsWire.named(w.secret());
    w.versionId().ifPresent(v -> out.put("VersionId", v));
    return out;
  }

  private Object put(CallContext call, JsonNode in) {
    String id = calls.allowedSecretId(call, in);
    SecretValue value =
        value(in)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.INVALID_STATE,
                        "You must provide either SecretString or SecretBinary."));
    Set<String> stages = new LinkedHashSet<>(List.of("AWSCURRENT"));
    if (in.has("VersionStages")) {
      stages.clear();
      in.path("VersionStages").forEach(s -> stages.add(s.asText()));
    }
    WrittenVersion w = secrets.putValue(calls.scope(call), id, token(in), value, stages);
    Map<String, Object> out = SecretsWire.named(w.secret());
    w.versionId().ifPresent(v -> out.put("VersionId", v));
    out.put("VersionStages", w.stages());
    return out;
  }

  private Object get(CallContext call, JsonNode in) {
    String id = calls.allowedSecretId(call, in);
    VersionedValue v =
        secrets.value(
            calls.scope(call),
            id,
            new VersionSelector(
                SecretCalls.text(in, "VersionId"), SecretCalls.text(in, "VersionStage")));
    Map<String, Object> out = SecretsWire.named(v.secret());
    out.put("VersionId", v.versionId());
    switch (v.value()) {
      case SecretValue.Text t -> out.put("SecretString", t.value());
      case SecretValue.Binary b ->
          out.put("SecretBinary", Base64.getEncoder().encodeToString(b.bytes()));
    }
    out.put("VersionStages", v.stages());
    out.put("CreatedDate", SecretsWire.time(v.createdAt()));
    return out;
  }

  /** The ClientRequestToken (the CLI and SDKs send one), or a fresh one. */
  private static String token(JsonNode in) {
    return SecretCalls.text(in, "ClientRequestToken").orElseGet(Ids::uuid);
  }

  /** SecretString or SecretBinary; both at once is refused. */
  private static Optional<SecretValue> value(JsonNode in) {
    Optional<String> text = SecretCalls.text(in, "SecretString");
    Optional<StreamedBlob> blob = StreamedBlob.of(in.get("SecretBinary"));
    if (text.isPresent() && blob.isPresent()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "You can't specify both a binary secret value and a string secret value in the same"
              + " secret.");
    }
    if (blob.isPresent()) {
      try (InputStream bytes = blob.get().open()) {
        return Optional.of(new SecretValue.Binary(bytes.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return text.map(SecretValue.Text::new);
  }
}
