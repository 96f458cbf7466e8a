package dev.berth.meta;

import java.util.Collection;
import java.util.Map;

/** Tags of resources, by ARN. */
public interface ResourceTagStore {
  /** The resource's tags, ordered by key. */
  Map<String, String> tags(String arn);

  /** Adds or overwrites tags. */
  void put(String arn, Map<String, String> tags);

  /** Removes the given keys (absent keys are ignored). */
  void remove(String arn, Collection<String> keys);

  /** Removes every tag of the resource. */
  void removeAll(String arn);
}
