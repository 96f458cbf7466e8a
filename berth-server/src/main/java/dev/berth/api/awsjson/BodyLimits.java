package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How large each operation's request body may be, from its model (issue 9, item 6): 1 MiB, or more
 * when a top-level member may be larger: a blob's base64 text (UploadLayerPart's 20 MiB {@code
 * layerPartBlob}: 28 MB) or a string with room for JSON escapes (PutImage's 4 MiB manifest). Also
 * names the top-level blob members, which are decoded as they stream instead of held as text.
 */
final class BodyLimits {
  /** The cap of an operation no member of which is large, and of unknown operations. */
  static final long DEFAULT = 1024 * 1024;

  /** Room for the JSON around the large members. */
  private static final long ENVELOPE = 64 * 1024;

  private final Map<String, Long> caps = new HashMap<>();
  private final Map<String, Set<String>> blobs = new HashMap<>();

  BodyLimits(ServiceModel model) {
    for (String op : model.operations()) {
      Optional<String> input = model.inputShape(op);
      long large = 0;
      Set<String> blobMembers = new HashSet<>();
      if (input.isPresent()) {
        for (Map.Entry<String, JsonNode> m :
            model.shape(input.get()).path("members").properties()) {
          JsonNode shape = model.shape(m.getValue().path("shape").asText());
          long max = shape.path("max").asLong(0);
          switch (shape.path("type").asText()) {
            case "blob" -> {
              blobMembers.add(m.getKey());
              large += (max + 2) / 3 * 4;
            }
            case "string" -> large += 2 * max;
            default -> {
              // lists and structures are covered by the default
            }
          }
        }
      }
      caps.put(op, Math.max(DEFAULT, large + ENVELOPE));
      blobs.put(op, Set.copyOf(blobMembers));
    }
  }

  /** The largest body the operation accepts. */
  long cap(String operation) {
    return caps.getOrDefault(operation, DEFAULT);
  }

  /** Top-level members of blob type, decoded while the body streams. */
  Set<String> blobMembers(String operation) {
    return blobs.getOrDefault(operation, Set.of());
  }
}
