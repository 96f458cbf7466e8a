package dev.berth.meta;

import dev.berth.auth.BrowserSessionStore;

/** Every metadata role of one backend, handed to services at the composition root. */
public record MetadataStore(
    Transactions transactions,
    AccountStore accounts,
    RepositoryStore repositories,
    ImageStore images,
    BlobIndex blobs,
    UploadSessionStore uploads,
    AccessKeyStore accessKeys,
    ResourceTagStore resourceTags,
    IamStore iam,
    IamPolicyStore iamPolicies,
    SessionStore sessions,
    ResourcePolicyStore resourcePolicies,
    StorageClassStore storageClasses,
    GcStore gc,
    LeaseStore leases,
    EventStore events,
    LifecycleStore lifecycle,
    PullTimeExclusionStore pullTimeExclusions,
    CreationTemplateStore creationTemplates,
    PullThroughRuleStore pullThroughRules,
    SecretStore secrets,
    BrowserSessionStore browserSessions,
    OrganizationStore organizations,
    ReplicationStore replication,
    PublicRegistryStore publicRegistries,
    Runnable closer)
    implements AutoCloseable {
  @Override
  public void close() {
    closer.run();
  }
}
