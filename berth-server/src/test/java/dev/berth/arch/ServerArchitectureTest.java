package dev.berth.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dependency table of STYLE.md, for berth-server: edge -> service -> port <- adapter. */
class ServerArchitectureTest {
  @Test
  void apis_neverNameAdaptersOrEachOther() {
    ArchitectureRules rules =
        new ArchitectureRules(Path.of("src/main/java"))
            .forbid(
                "api",
                "dev.berth.meta.jdbc",
                "dev.berth.blob.fs",
                "dev.berth.blob.memory",
                "dev.berth.app",
                "dev.berth.tls")
            .forbid("api", "dev.berth.blob.s3")
            .forbid("api.oci", "dev.berth.api.ops")
            // The pull-through cache reaches the OCI API only through its UpstreamContent port.
            .forbid("api.oci", "dev.berth.pullthrough", "dev.berth.secrets")
            .forbid("api.ops", "dev.berth.api.oci")
            .forbid(
                "api.ui",
                "dev.berth.api.ecr",
                "dev.berth.api.oci",
                "dev.berth.api.iam",
                "dev.berth.api.ops",
                "dev.berth.upload",
                "dev.berth.iam",
                "dev.berth.meta")
            // Secrets Manager reaches secrets through their service only, and no other API's code.
            .forbid(
                "api.secretsmanager",
                "dev.berth.api.ecr",
                "dev.berth.api.oci",
                "dev.berth.api.iam",
                "dev.berth.api.ui",
                "dev.berth.api.ops",
                "dev.berth.registry",
                "dev.berth.upload",
                "dev.berth.iam",
                "dev.berth.meta.jdbc")
            .forbid("api.ecr", "dev.berth.api.secretsmanager", "dev.berth.secrets")
            .forbid("api.iam", "dev.berth.api.secretsmanager", "dev.berth.secrets")
            .forbid(
                "http",
                "dev.berth.api",
                "dev.berth.app",
                "dev.berth.meta.jdbc",
                "dev.berth.blob.fs",
                "dev.berth.tls")
            // key material only: the server, the APIs and the stores stay out of it (issue 11)
            .forbid(
                "tls",
                "dev.berth.http",
                "dev.berth.api",
                "dev.berth.app",
                "dev.berth.meta",
                "dev.berth.blob",
                "dev.berth.registry",
                "dev.berth.iam",
                "dev.berth.auth",
                "org.eclipse.jetty")
            // Issue 11: observation knows no server, API or store; the edge hands it records and
            // the composition root hands it suppliers of store figures.
            .forbid(
                "observe",
                "dev.berth.http",
                "dev.berth.api",
                "dev.berth.app",
                "dev.berth.meta",
                "dev.berth.blob",
                "dev.berth.auth",
                "dev.berth.authz",
                "dev.berth.registry",
                "dev.berth.upload",
                "dev.berth.iam",
                "org.eclipse.jetty")
            // Only the operations API reads metrics and readiness; the others annotate their
            // exchange through http.Exchange and never name an observer.
            .forbid("api.oci", "dev.berth.observe", "io.micrometer")
            .forbid("api.awsjson", "dev.berth.observe", "io.micrometer")
            .forbid("api.ecr", "dev.berth.observe", "io.micrometer")
            .forbid("api.iam", "dev.berth.observe", "io.micrometer")
            .forbid("api.ui", "dev.berth.observe", "io.micrometer")
            .forbid("api.secretsmanager", "dev.berth.observe", "io.micrometer")
            .forbid("api.ops", "dev.berth.meta", "dev.berth.blob", "io.micrometer")
            // Organizations: the organizations service, api.awsjson, auth and leaves.
            .forbid(
                "api.organizations",
                "dev.berth.api.ecr",
                "dev.berth.api.iam",
                "dev.berth.api.oci",
                "dev.berth.api.ui",
                "dev.berth.api.ops",
                "dev.berth.iam",
                "dev.berth.registry",
                "dev.berth.upload",
                "dev.berth.blob",
                "dev.berth.observe",
                "io.micrometer")
            .forbid("api.ecr", "dev.berth.api.organizations")
            // Repository creation templates: the ECR API manages them through their service; the
            // /v2 API knows only registry.MissingRepositories, which app wires to the templates.
            .forbid("api.oci", "dev.berth.templates")
            .forbid(
                "api", "dev.berth.templates.CreateOnPush", "dev.berth.meta.CreationTemplateStore")
            .forbid("api.iam", "dev.berth.api.organizations")
            // ECR Public: api.awsjson, the shared operations of api.ecr, publicregistry, the
            // services and leaves; no other API, and the ECR API knows nothing of it.
            .forbid(
                "api.ecrpublic",
                "dev.berth.api.oci",
                "dev.berth.api.iam",
                "dev.berth.api.ui",
                "dev.berth.api.ops",
                "dev.berth.api.organizations",
                "dev.berth.api.secretsmanager",
                "dev.berth.upload",
                "dev.berth.iam",
                "dev.berth.meta.jdbc",
                "dev.berth.observe",
                "io.micrometer")
            .forbid("api.ecr", "dev.berth.api.ecrpublic", "dev.berth.publicregistry")
            // The gallery: publicregistry, its meta records, registry, http and leaves; no other
            // API, and no credentials (its pages are for everyone).
            .forbid(
                "api.gallery",
                "dev.berth.api.awsjson",
                "dev.berth.api.ecr",
                "dev.berth.api.ecrpublic",
                "dev.berth.api.oci",
                "dev.berth.api.ui",
                "dev.berth.api.iam",
                "dev.berth.auth",
                "dev.berth.authz",
                "dev.berth.iam",
                "dev.berth.upload",
                "dev.berth.meta.jdbc",
                "dev.berth.observe")
            // The registry browser edits catalog data through the ECR Public API only.
            .forbid("api.ui", "dev.berth.publicregistry", "dev.berth.api.gallery")
            .forbid("http", "io.micrometer", "dev.berth.tls");
    assertThat(rules.violations()).isEmpty();
  }
}
