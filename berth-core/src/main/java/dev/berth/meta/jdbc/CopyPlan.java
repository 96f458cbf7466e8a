package dev.berth.meta.jdbc;

import java.util.List;
import java.util.Map;

/**
 * Which tables {@code berth migrate} copies, in an order where every table comes after the tables
 * its foreign keys reference, and which it leaves out and why. {@code CopyPlanTest} fails when a
 * migration adds a table that is in neither list, so a new table cannot be forgotten.
 */
final class CopyPlan {
  private CopyPlan() {}

  /** One table to copy. */
  record Step(String table, TableCopy.Mode mode) {}

  static final List<Step> STEPS =
      List.of(
          keep("accounts"),
          keep("repositories"),
          keep("blobs"),
          keep("repository_blobs"),
          keep("manifests"),
          keep("manifest_references"),
          keep("manifest_annotations"),
          keep("tags"),
          keep("access_keys"),
          keep("resource_tags"),
          keep("iam_users"),
          keep("iam_groups"),
          keep("iam_group_members"),
          keep("iam_roles"),
          keep("iam_policies"),
          keep("iam_policy_versions"),
          keep("iam_attachments"),
          keep("iam_inline_policies"),
          keep("sts_sessions"),
          keep("repository_policies"),
          keep("registry_policies"),
          // Seeded with one row by the migrations: the source's last collection replaces it.
          new Step("gc_state", TableCopy.Mode.REPLACE),
          keep("lifecycle_policies"),
          keep("lifecycle_previews"),
          keep("lifecycle_preview_results"),
          keep("pull_time_exclusions"),
          keep("repository_creation_templates"),
          keep("blob_tier_queue"),
          keep("browser_sessions"),
          keep("organizations"),
          keep("organization_accounts"),
          keep("create_account_statuses"),
          keep("replication_configurations"),
          keep("image_replications"),
          keep("secrets"),
          keep("secret_versions"),
          keep("secret_version_stages"),
          keep("pull_through_rules"),
          keep("public_registries"),
          keep("public_repository_catalog"));

  /** Tables not copied, with the reason. */
  static final Map<String, String> SKIPPED =
      Map.of(
          "flyway_schema_history",
          "the target's own migrations write it",
          "upload_sessions",
          "staged bytes of unfinished uploads stay in the source's staging area; clients start"
              + " those uploads again",
          "events",
          "the outbox that tells other nodes' caches of changes, purged after an hour: a cluster"
              + " starting on the copied data has no cache to tell",
          "leases",
          "who runs background work now: the source node is stopped, and the target's migrations"
              + " seed the rows the cluster needs");

  private static Step keep(String table) {
    return new Step(table, TableCopy.Mode.KEEP);
  }
}
