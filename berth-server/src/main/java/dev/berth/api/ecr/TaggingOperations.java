package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TagResource, UntagResource, ListTagsForResource on repository ARNs. */
final class TaggingOperations {
  private static final Pattern REPOSITORY_ARN =
      Pattern.compile("arn:aws:ecr(?:-public)?:[a-z0-9-]*:([0-9]{12}):repository/(.+)");

  private final RepositoryService repositories;
  private final EcrAccess access;

  TaggingOperations(RepositoryService repositories, EcrAccess access) {
    this.repositories = repositories;
    this.access = access;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("TagResource", this::tag);
    ops.put("UntagResource", this::untag);
    ops.put("ListTagsForResource", this::list);
  }

  /** Reads and checks a {@code TagList} ({@code [{"Key","Value"}]}). */
  static Map<String, String> tags(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : list) {
      String key = t.path("Key").asText();
      String value = t.path("Value").asText();
      if (key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER,
            "tag keys must be 1-128 characters and not start with 'aws:': '" + key + "'");
      }
      if (value.length() > 256) {
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER, "tag values must be at most 256 characters");
      }
      out.put(key, value);
    }
    return out;
  }

  private Repository resource(CallContext call, JsonNode in) {
    String arn = Input.required(in, "resourceArn");
    Matcher m = REPOSITORY_ARN.matcher(arn);
    if (!m.matches()
        || !RepositoryName.isValid(m.group(2))
        || !arn.equals(call.registry(new AccountId(m.group(1))).arn("repository/" + m.group(2)))) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'must be the ARN of a"
              + " repository in "
              + (RegistryId.PUBLIC.equals(call.region()) ? "a public registry" : call.region())
              + "': "
              + arn);
    }
    return access.repository(
        call, call.registry(new AccountId(m.group(1))), new RepositoryName(m.group(2)));
  }

  private Object tag(CallContext call, JsonNode in) {
    Map<String, String> tags = tags(in.path("tags"));
    repositories.tag(resource(call, in), tags, RepositoryOperations.MAX_TAGS);
    return Map.of();
  }

  private Object untag(CallContext call, JsonNode in) {
    List<String> keys = Input.strings(in, "tagKeys");
    repositories.untag(resource(call, in), keys);
    return Map.of();
  }

  private Object list(CallContext call, JsonNode in) {
    return Map.of("tags", EcrWire.tags(repositories.tags(resource(call, in))));
  }
}
