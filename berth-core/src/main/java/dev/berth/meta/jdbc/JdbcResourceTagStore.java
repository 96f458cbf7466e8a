package dev.berth.meta.jdbc;

import dev.berth.meta.ResourceTagStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

final class JdbcResourceTagStore implements ResourceTagStore {
  private final JdbcDatabase db;

  JdbcResourceTagStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public Map<String, String> tags(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    db.read(
        h ->
            h.createQuery(
                    "SELECT tag_key, tag_value FROM resource_tags WHERE resource_arn = :arn"
                        + " ORDER BY tag_key")
                .bind("arn", arn)
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2)))
                .list());
    return out;
  }

  @Override
  public void put(String arn, Map<String, String> tags) {
    db.inTransaction(
        () -> {
          tags.forEach(
              (k, v) ->
                  db.write(
                      h ->
                          h.createUpdate(
                                  "INSERT INTO resource_tags (resource_arn, tag_key, tag_value)"
                                      + " VALUES (:arn, :k, :v) ON CONFLICT (resource_arn, tag_key)"
                                      + " DO UPDATE SET tag_value = excluded.tag_value")
                              .bind("arn", arn)
                              .bind("k", k)
                              .bind("v", v)
                              .execute()));
          return null;
        });
  }

  @Override
  public void remove(String arn, Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    db.write(
        h ->
            h.createUpdate(
                    "DELETE FROM resource_tags WHERE resource_arn = :arn AND tag_key IN (<keys>)")
                .bind("arn", arn)
                .bindList("keys", java.util.List.copyOf(keys))
                .execute());
  }

  @Override
  public void removeAll(String arn) {
    db.write(
        h ->
            h.createUpdate("DELETE FROM resource_tags WHERE resource_arn = :arn")
                .bind("arn", arn)
                .execute());
  }
}
