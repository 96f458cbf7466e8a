package dev.berth.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dependency table of STYLE.md, for berth-core. */
class CoreArchitectureTest {
  private static final String[] IO_AND_FRAMEWORKS = {
    "java.sql",
    "java.nio.file",
    "java.net",
    "org.jdbi",
    "org.flywaydb",
    "org.eclipse.jetty",
    "com.zaxxer"
  };

  @Test
  void leavesAndPureLogic_doNoIoAndImportNoService() {
    List<String> services =
        List.of(
            "dev.berth.blob",
            "dev.berth.meta",
            "dev.berth.upload",
            "dev.berth.registry",
            "dev.berth.iam",
            "dev.berth.archive",
            "dev.berth.secrets",
            "dev.berth.config");
    var rules = new Rules();
    for (String pkg : List.of("model", "error", "oci", "policy")) {
      rules.arch.forbid(pkg, IO_AND_FRAMEWORKS);
      rules.arch.forbid(pkg, services.toArray(String[]::new));
    }
    rules.arch.forbid("common", "dev.berth.");
    // Issue 11: registry addresses are pure rules over the registry config record.
    rules.arch.forbid("address", IO_AND_FRAMEWORKS);
    rules.arch.forbid(
        "address", services.stream().filter(s -> !s.endsWith(".config")).toArray(String[]::new));
    rules.arch.forbid("policy", "dev.berth.auth", "dev.berth.oci", "dev.berth.config");
    assertThat(rules.arch.violations()).isEmpty();
  }

  @Test
  void services_useOnlyPortsNotAdapters() {
    var rules = new Rules();
    for (String pkg :
        List.of(
            "registry", "upload", "iam", "archive", "lifecycle", "organizations", "templates")) {
      rules.arch.forbid(
          pkg,
          "dev.berth.meta.jdbc",
          "dev.berth.blob.fs",
          "dev.berth.blob.memory",
          "dev.berth.blob.s3",
          "software.amazon.awssdk",
          "org.jdbi",
          "java.sql",
          "org.eclipse.jetty");
    }
    rules.arch.forbid(
        "registry",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.archive",
        "dev.berth.lifecycle");
    rules.arch.forbid("upload", "dev.berth.archive");
    rules.arch.forbid(
        "archive", "dev.berth.registry", "dev.berth.upload", "dev.berth.iam", "dev.berth.oci");
    // Issue 10: the collector speaks only to the blob and metadata ports.
    rules.arch.forbid(
        "gc",
        "dev.berth.meta.jdbc",
        "dev.berth.blob.fs",
        "dev.berth.blob.memory",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.config",
        "org.jdbi",
        "java.sql",
        "java.nio.file");
    // lifecycle: registry, meta and leaves (STYLE.md); the archive arrives through a port.
    rules.arch.forbid(
        "lifecycle",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.blob",
        "dev.berth.config");
    // organizations: meta, iam (the access role of a new account), policy and leaves.
    rules.arch.forbid(
        "organizations",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.blob",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.lifecycle",
        "dev.berth.archive",
        "dev.berth.config");
    // templates: meta, registry (repositories are created through its service), lifecycle (policy
    // validation) and leaves; the APIs reach creation on push through registry.MissingRepositories.
    rules.arch.forbid(
        "templates",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.blob",
        "dev.berth.archive",
        "dev.berth.organizations",
        "dev.berth.secrets",
        "dev.berth.config");
    for (String pkg : List.of("registry", "lifecycle", "meta", "upload")) {
      rules.arch.forbid(pkg, "dev.berth.templates");
    }
    rules.arch.forbid("iam", "dev.berth.organizations");
    // replication: registry (it stores copies as pushes and reads blobs it sends to remotes), meta,
    // lease, oci, distribution (the remotes' /v2) and leaves; the destination side within the
    // deployment (repository creation, registry policies) arrives through a port.
    rules.arch.forbid(
        "replication",
        "dev.berth.meta.jdbc",
        "dev.berth.blob.fs",
        "dev.berth.blob.s3",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.lifecycle",
        "dev.berth.archive",
        "dev.berth.gc",
        "dev.berth.config",
        "org.jdbi",
        "java.sql");
    rules.arch.forbid("registry", "dev.berth.replication");
    // publicregistry (ECR Public): meta, registry and leaves; no API, adapter or other capability.
    rules.arch.forbid(
        "publicregistry",
        "dev.berth.meta.jdbc",
        "dev.berth.blob",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.replication",
        "dev.berth.pullthrough",
        "dev.berth.templates",
        "dev.berth.lifecycle");
    for (String pkg : List.of("registry", "meta", "replication", "pullthrough", "templates")) {
      rules.arch.forbid(pkg, "dev.berth.publicregistry");
    }
    rules.arch.forbid(
        "blob", "dev.berth.meta", "dev.berth.registry", "dev.berth.upload", "dev.berth.oci");
    // blob.s3: the blob port, leaves and the AWS SDK only.
    rules.arch.forbid(
        "blob.s3",
        "dev.berth.meta",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.oci",
        "dev.berth.config",
        "dev.berth.blob.fs",
        "dev.berth.blob.memory");
    rules.arch.forbid(
        "meta", "dev.berth.blob", "dev.berth.registry", "dev.berth.upload", "dev.berth.oci");
    // Issue 12: the resumable SHA-256 is a leaf every node's upload path uses.
    rules.arch.forbid(
        "hash",
        "dev.berth.meta",
        "dev.berth.blob",
        "dev.berth.upload",
        "dev.berth.registry",
        "dev.berth.config");
    // Issue 12: leases speak only to the metadata port; the work they guard depends on them.
    rules.arch.forbid(
        "lease",
        "dev.berth.meta.jdbc",
        "dev.berth.blob",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.gc",
        "dev.berth.archive",
        "dev.berth.lifecycle",
        "dev.berth.config",
        "org.jdbi",
        "java.sql");
    // Issue 12: the outbox relay reads the events port and hands events to subscribers the
    // composition root wires; services append through the port and never see the relay.
    rules.arch.forbid(
        "events",
        "dev.berth.meta.jdbc",
        "dev.berth.blob",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.iam",
        "dev.berth.authz",
        "dev.berth.gc",
        "dev.berth.archive",
        "dev.berth.lifecycle",
        "dev.berth.lease",
        "dev.berth.config",
        "org.jdbi",
        "java.sql");
    // Secrets Manager: the metadata port, the master key's cipher and leaves; authorization is the
    // API's, and the pull-through cache reads secrets through the service.
    rules.arch.forbid(
        "secrets",
        "dev.berth.meta.jdbc",
        "dev.berth.blob",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.archive",
        "dev.berth.lifecycle",
        "dev.berth.gc",
        "dev.berth.lease",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.config",
        "org.jdbi",
        "java.sql");
    // The pull-through cache: registry, upload and secrets services, meta and oci ports, leaves;
    // the OCI API reaches it through a port, and registry never knows it.
    rules.arch.forbid(
        "pullthrough",
        "dev.berth.meta.jdbc",
        "dev.berth.blob",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.iam",
        "dev.berth.archive",
        "dev.berth.lifecycle",
        "dev.berth.gc",
        "dev.berth.config",
        "org.jdbi",
        "java.sql");
    for (String pkg : List.of("registry", "upload", "secrets", "meta", "iam", "lifecycle")) {
      rules.arch.forbid(pkg, "dev.berth.pullthrough");
    }
    // distribution: a client of other registries' /v2, for the pull-through cache and replication;
    // common, model and oci only.
    rules.arch.forbid(
        "distribution",
        "dev.berth.meta",
        "dev.berth.registry",
        "dev.berth.upload",
        "dev.berth.blob",
        "dev.berth.auth",
        "dev.berth.authz",
        "dev.berth.iam",
        "dev.berth.secrets",
        "dev.berth.config",
        "dev.berth.pullthrough",
        "dev.berth.replication",
        "org.jdbi",
        "java.sql");
    for (String pkg :
        List.of(
            "registry",
            "upload",
            "iam",
            "authz",
            "gc",
            "lifecycle",
            "organizations",
            "secrets",
            "templates",
            "pullthrough")) {
      rules.arch.forbid(pkg, "dev.berth.events");
    }
    assertThat(rules.arch.violations()).isEmpty();
  }

  @Test
  void noCorePackageKnowsTheHttpServer() {
    var rules = new Rules();
    for (String pkg :
        List.of(
            "common",
            "model",
            "error",
            "config",
            "oci",
            "policy",
            "blob",
            "meta",
            "upload",
            "registry",
            "iam",
            "archive",
            "gc",
            "lifecycle",
            "address",
            "hash",
            "lease",
            "events",
            "organizations",
            "secrets",
            "templates",
            "pullthrough",
            "replication",
            "distribution")) {
      rules.arch.forbid(
          pkg, "org.eclipse.jetty", "dev.berth.http", "dev.berth.api", "dev.berth.app");
    }
    assertThat(rules.arch.violations()).isEmpty();
  }

  @Test
  void rules_detectARealImport() {
    var rules = new Rules();
    rules.arch.forbid("registry", "dev.berth.meta");
    assertThat(rules.arch.violations())
        .isNotEmpty()
        .allMatch(v -> v.contains("imports dev.berth.meta"));
  }

  private static final class Rules {
    final dev.berth.testkit.ArchitectureRules arch =
        new dev.berth.testkit.ArchitectureRules(Path.of("../berth-core/src/main/java"));
  }
}
