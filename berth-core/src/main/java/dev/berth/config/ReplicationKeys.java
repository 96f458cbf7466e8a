package dev.berth.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.config.BerthConfig.RemoteRegistry;
import dev.berth.config.BerthConfig.ReplicationConfig;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code replication-remotes-file} key: a YAML file (keep it 0600: it holds secrets) listing
 * the registries of other deployments replication may copy to:
 *
 * <pre>
 * remotes:
 *   - registry-id: "333333333333"
 *     region: us-west-2
 *     endpoint: https://berth.dr.example.com
 *     registry-url: https://berth.dr.example.com   # optional: GetAuthorizationToken's proxyEndpoint
 *     access-key-id: AKIA...
 *     secret-access-key: ...
 * </pre>
 */
final class ReplicationKeys {
  private static final String KEY = "replication-remotes-file";
  private static final Set<String> FIELDS =
      Set.of(
          "registry-id",
          "region",
          "endpoint",
          "registry-url",
          "access-key-id",
          "secret-access-key");

  private ReplicationKeys() {}

  static ReplicationConfig parse(Map<String, String> v, List<String> served) {
    String file = v.get(KEY);
    if (file == null || file.isBlank()) {
      return new ReplicationConfig(List.of());
    }
    Path path = Path.of(file.strip()).toAbsolutePath().normalize();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new ConfigException(
          KEY
              + ": cannot read "
              + path
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    JsonNode remotes = root == null ? null : root.path("remotes");
    if (remotes == null || !remotes.isArray()) {
      throw new ConfigException(KEY + ": " + path + ": expected a list under 'remotes'");
    }
    List<RemoteRegistry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < remotes.size(); i++) {
      RemoteRegistry remote = remote(remotes.get(i), path + ": remotes[" + i + "]", served);
      if (!seen.add(remote.registryId().value() + "/" + remote.region())) {
        throw new ConfigException(
            KEY
                + ": "
                + path
                + ": remotes["
                + i
                + "]: registry "
                + remote.registryId().value()
                + " in "
                + remote.region()
                + " is listed twice");
      }
      out.add(remote);
    }
    return new ReplicationConfig(out);
  }

  private static RemoteRegistry remote(JsonNode node, String where, List<String> served) {
    if (!node.isObject()) {
      throw bad(where, "expected a mapping");
    }
    for (String name : (Iterable<String>) node::fieldNames) {
      if (!FIELDS.contains(name)) {
        throw bad(
            where, "unknown field '" + name + "' (known: " + new java.util.TreeSet<>(FIELDS) + ")");
      }
    }
    String account = text(node, "registry-id", where);
    if (!AccountId.isValid(account)) {
      throw bad(where, "registry-id: expected 12 digits, got '" + account + "'");
    }
    String region = text(node, "region", where);
    if (!RegistryId.isRegionName(region)) {
      throw bad(where, "region: expected a region name like us-west-2, got '" + region + "'");
    }
    if (served.contains(region)) {
      throw bad(
          where,
          "region: "
              + region
              + " is served by this deployment; a remote registry must be in another region");
    }
    String keyId = text(node, "access-key-id", where);
    if (!keyId.matches("[A-Z0-9]{16,128}")) {
      throw bad(where, "access-key-id: expected 16-128 upper-case letters or digits");
    }
    String secret = text(node, "secret-access-key", where);
    if (secret.length() > 128) {
      throw bad(where, "secret-access-key: expected at most 128 characters");
    }
    Optional<URI> registryUrl =
        node.has("registry-url")
            ? Optional.of(url(text(node, "registry-url", where), where, "registry-url"))
            : Optional.empty();
    return new RemoteRegistry(
        new AccountId(account),
        region,
        url(text(node, "endpoint", where), where, "endpoint"),
        registryUrl,
        keyId,
        secret);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw bad(where, field + ": required");
    }
    return value.asText().strip();
  }

  private static URI url(String text, String where, String field) {
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || (uri.getPath() != null && !uri.getPath().isEmpty())
          || uri.getQuery() != null) {
        throw bad(where, field + ": expected http(s)://HOST[:PORT], got '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw bad(where, field + ": expected http(s)://HOST[:PORT], got '" + text + "'");
    }
  }

  private static ConfigException bad(String where, String detail) {
    return new ConfigException(KEY + ": " + where + ": " + detail);
  }
}
