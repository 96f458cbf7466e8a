package dev.berth.app;

import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.AwsJsonRoute;
import dev.berth.api.awsjson.LocalClient;
import dev.berth.api.ecr.EcrApi;
import dev.berth.api.ecrpublic.EcrPublicApi;
import dev.berth.api.gallery.GalleryApi;
import dev.berth.api.iam.QueryRoute;
import dev.berth.api.oci.OciApi;
import dev.berth.api.oci.PublicTokenRoute;
import dev.berth.api.organizations.OrganizationsApi;
import dev.berth.api.secretsmanager.SecretsManagerApi;
import dev.berth.api.ui.CollectionReport;
import dev.berth.api.ui.UiApi;
import dev.berth.archive.ArchiveService;
import dev.berth.archive.ArchiveWorker;
import dev.berth.auth.CredentialResolver;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.PolicyEngine;
import dev.berth.blob.BlobStore;
import dev.berth.config.BerthConfig;
import dev.berth.events.EventRelay;
import dev.berth.gc.GarbageCollector;
import dev.berth.http.HttpServer;
import dev.berth.http.PreAuthBudget;
import dev.berth.http.Router;
import dev.berth.iam.Bootstrap;
import dev.berth.iam.IamCredentials;
import dev.berth.iam.IamService;
import dev.berth.iam.RootKeys;
import dev.berth.iam.SecretCipher;
import dev.berth.lease.LeasedWork;
import dev.berth.lifecycle.LifecycleRunner;
import dev.berth.lifecycle.LifecycleService;
import dev.berth.lifecycle.PullTimeExclusions;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AppliedFor;
import dev.berth.organizations.OrganizationService;
import dev.berth.publicregistry.PublicRegistries;
import dev.berth.publicregistry.PullCounter;
import dev.berth.publicregistry.PullRateLimiter;
import dev.berth.pullthrough.CacheRepositories;
import dev.berth.pullthrough.PullThroughCache;
import dev.berth.pullthrough.PullThroughRules;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.replication.RemoteRegistry;
import dev.berth.replication.ReplicationService;
import dev.berth.replication.ReplicationWorker;
import dev.berth.secrets.SecretsService;
import dev.berth.templates.CreateOnPush;
import dev.berth.templates.CreationTemplateService;
import dev.berth.upload.UploadService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One running Berth node. */
public final class Berth implements AutoCloseable {

  private final BerthConfig config;
  private final MetadataStore meta;
  private final Services services;
  private final HttpServer server;
  private final Bootstrap.Result bootstrap;
  private final Housekeeping housekeeping;
  private final Optional<GcSchedule> gc;
  private final PreAuthBudget preAuthBudget;
  private final ArchiveWorker archiveWorker;
  private final LifecycleSchedule lifecycleSchedule;
  private Optional<ServingTls> tls = Optional.empty();
  private Optional<ReplicationWorker> replicationWorker = Optional.empty();
  private Optional<Periodic> pullCounts = Optional.empty();
  private final Observation observation;

  private Berth(
      BerthConfig config,
      MetadataStore meta,
      Services services,
      HttpServer server,
      Bootstrap.Result bootstrap,
      Housekeeping housekeeping,
      Optional<GcSchedule> gc,
      PreAuthBudget preAuthBudget,
      ArchiveWorker archiveWorker,
      LifecycleSchedule lifecycleSchedule,
      Observation observation) {
    this.observation = observation;
    this.archiveWorker = archiveWorker;
    this.housekeeping = housekeeping;
    this.gc = gc;
    this.lifecycleSchedule = lifecycleSchedule;
    this.preAuthBudget = preAuthBudget;
    this.config = config;
    this.meta = meta;
    this.services = services;
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /** The core services, for the CLI and tests that work below the HTTP edge. */
  public record Services(
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      UploadService uploads,
      ArchiveService archive,
      BlobStore blobStore,
      MetadataStore meta,
      SecretCipher cipher,
      RegistryTokens tokens,
      CredentialResolver credentials,
      GarbageCollector collector,
      Lifecycle lifecycle,
      EventRelay events,
      Accounts accounts,
      SecretsService secrets,
      ReplicationService replication,
      CreationTemplateService templates,
      PullThrough pullThrough,
      PublicSide publicRegistries) {}

  /** ECR Public: public registries with their catalog data, and the pull counts of the gallery. */
  public record PublicSide(PublicRegistries registries, PullCounter pulls) {}

  /**
   * The pull-through cache: its rules and the importer the OCI API asks on a miss. Cache
   * repositories are created with ECR's default settings ({@link #cacheRepositories}).
   */
  public record PullThrough(PullThroughRules rules, PullThroughCache cache) {}

  /** The organization's accounts, and new root keys of an account for the operator. */
  public record Accounts(OrganizationService organizations, RootKeys rootKeys) {}

  /**
   * Lifecycle policies: their storage and previews, their runs, and pull-time update exclusions.
   */
  public record Lifecycle(
      LifecycleService policies, LifecycleRunner runner, PullTimeExclusions exclusions) {}

  /** Opens the stores and builds the services without serving. */
  public static Services services(BerthConfig config, Clock clock) {
    return services(config, clock, Optional.empty());
  }

  private static Services services(BerthConfig config, Clock clock, Optional<Object> meters) {
    DataDirectory.check(config.storage().data());
    try {
      Files.createDirectories(config.storage().data());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "failed to create data directory " + config.storage().data(), e);
    }
    SecretCipher cipher = SecretCipher.fromKeyFile(config.storage().masterKey());
    MetadataStore meta =
        Stores.metadata(config.storage().database(), meters, config.registry().region());
    BlobStore blobs = Stores.blobs(config.storage().blobs());
    RepositoryService repositories = new RepositoryService(meta, blobs, clock);
    ManifestService manifests = new ManifestService(meta, clock);
    ArchiveService archive = new ArchiveService(meta, blobs, clock);
    LifecycleRunner runner =
        new LifecycleRunner(meta, manifests, repositories, new ArchiveTransitions(archive), clock);
    EventRelay events = new EventRelay(meta.events(), clock);
    events.subscribe(repositories::changed);
    ReplicationService replication =
        new ReplicationService(
            meta,
            clock,
            config.registry().regions(),
            ReplicationDestinations.remotes(config.replication()).stream()
                .map(RemoteRegistry::registry)
                .collect(java.util.stream.Collectors.toSet()));
    meta.events().duringAppend(replication::queue);
    PolicyEngine engine = new PolicyEngine();
    OrganizationService organizations =
        new OrganizationService(
            meta,
            new IamService(meta, cipher, engine, engine::awsManaged, clock),
            config.registry().defaultAccount(),
            clock);
    BlobService blobService = new BlobService(meta, blobs, config.storage().blobRedirect());
    UploadService uploads =
        new UploadService(
            meta,
            blobs,
            clock,
            new UploadService.Limits(
                config.limits().uploadsPerRepository(), config.limits().uploadsPerPrincipal()));
    SecretsService secrets = new SecretsService(meta, cipher, clock);
    CreationTemplateService templates = new CreationTemplateService(meta, repositories, clock);
    PullThroughRules pullThroughRules =
        new PullThroughRules(meta, secrets, PullThroughRules.httpClient(), clock);
    return new Services(
        repositories,
        manifests,
        blobService,
        uploads,
        archive,
        blobs,
        meta,
        cipher,
        new RegistryTokens(cipher.deriveKey("berth registry token v1"), clock),
        new IamCredentials(meta, cipher),
        collector(config, meta, blobs, clock),
        new Lifecycle(
            new LifecycleService(meta.lifecycle(), meta.leases(), runner, clock),
            runner,
            new PullTimeExclusions(meta, clock)),
        events,
        new Accounts(organizations, new RootKeys(meta, cipher, clock)),
        secrets,
        replication,
        templates,
        new PullThrough(
            pullThroughRules,
            new PullThroughCache(
                pullThroughRules,
                repositories,
                manifests,
                blobService,
                uploads,
                cacheRepositories(templates),
                config.pullThrough().refreshInterval(),
                clock,
                config.storage().data().resolve("pull-through-spool"))),
        new PublicSide(
            new PublicRegistries(meta, manifests, clock),
            new PullCounter(meta.publicRegistries())));
  }

  /**
   * Cache repositories get the settings of the PULL_THROUGH_CACHE repository creation template that
   * applies, else ECR's defaults (mutable tags, AES256).
   */
  private static CacheRepositories cacheRepositories(CreationTemplateService templates) {
    return (registry, name) ->
        templates.createFromTemplate(registry, name, AppliedFor.PULL_THROUGH_CACHE);
  }

  /** The last collection as the browser's registry page shows it. */
  private static CollectionReport report(GcRunSummary s) {
    return new CollectionReport(
        s.startedAt(),
        s.finishedAt(),
        s.blobsRemoved(),
        s.bytesRemoved(),
        s.orphansRemoved(),
        s.orphanBytes(),
        s.linksExpired(),
        s.sessionsPurged() + s.stagingRemoved());
  }

  /** The garbage collector over the node's stores, with the configured grace period. */
  private static GarbageCollector collector(
      BerthConfig config, MetadataStore meta, BlobStore blobs, Clock clock) {
    return new GarbageCollector(
        meta.gc(),
        meta.leases(),
        blobs,
        clock,
        GarbageCollector.Settings.of(config.gc().gracePeriod(), config.storage().uploadExpiry()));
  }

  /** Builds and starts a node. */
  public static Berth start(BerthConfig config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /** Builds and starts a node that tells time by {@code clock} (tests pass a settable one). */
  public static Berth start(BerthConfig config, Clock clock) throws Exception {
    // Bind the port first: a port in use then fails before the data directory is touched.
    Router router = new Router();
    HttpServer server =
        new HttpServer(
            config.server().host(),
            config.server().port(),
            router,
            config.tls().enabled(),
            config.server().trustedProxies());
    try {
      server.open();
    } catch (UncheckedIOException e) {
      throw new StartupException(String.valueOf(e.getMessage()), e);
    }
    ServingTls.warnWhenPlainOnNetwork(config);
    Observation observation = new Observation(config.observe());
    Optional<ServingTls> tls;
    Services s;
    try {
      // Key material before the stores: a bad PEM file fails before the database is written.
      if (config.tls().enabled()) {
        DataDirectory.check(config.storage().data());
      }
      tls =
          config.tls().enabled()
              ? Optional.of(ServingTls.install(config, server, clock))
              : Optional.empty();
      s = services(config, clock, observation.meterRegistry());
    } catch (RuntimeException | Error e) {
      server.close();
      observation.close();
      throw e;
    }
    try {
      Bootstrap.Result boot = Bootstrap.run(config, s.meta(), s.cipher(), clock);
      LeasedWork leased = new LeasedWork(s.meta().leases(), clock);
      Housekeeping housekeeping =
          new Housekeeping(
              s.uploads(),
              config.storage().uploadExpiry(),
              s.meta().sessions(),
              s.meta().events(),
              clock,
              !config.gc().scheduled(),
              leased);
      housekeeping.runOnce();
      LifecycleSchedule lifecycleSchedule =
          new LifecycleSchedule(s.lifecycle().runner(), config.lifecycle().interval(), leased);
      var registry = config.registry();
      RegistryAddresses addresses = new RegistryAddresses(registry);
      Security security = Security.build(config, s, clock);
      PublicRegistryHost publicHost =
          new PublicRegistryHost(
              config.publicRegistry(),
              s.publicRegistries().registries(),
              s.publicRegistries().pulls(),
              PullRateLimiter.system());
      router.mount(
          "/v2",
          "oci",
          new OciApi(
              addresses,
              s.repositories(),
              s.manifests(),
              s.blobs(),
              s.uploads(),
              s.blobStore().minChunkLength(),
              s.tokens(),
              security.repositoryAccess(),
              new CreateOnPush(s.templates()),
              new PullThroughContent(s.pullThrough().cache()),
              publicHost),
          OciApi.errors(publicHost));
      router.mount(
          "/gallery",
          "gallery",
          new GalleryApi(
              s.publicRegistries().registries(),
              s.publicRegistries().pulls(),
              s.repositories(),
              config.publicRegistry().host()),
          GalleryApi.errors());
      router.mount(
          "/token",
          "oci",
          new PublicTokenRoute(publicHost, s.tokens(), security.repositoryAccess()),
          PublicTokenRoute.errors());
      observation.mount(router, s, registry.defaultAccount());
      EcrApi ecr =
          new EcrApi(
              addresses,
              s.repositories(),
              s.manifests(),
              s.blobs(),
              s.uploads(),
              s.archive(),
              s.tokens(),
              security.repositoryAccess(),
              security.engine(),
              s.lifecycle().policies(),
              s.lifecycle().exclusions(),
              s.replication(),
              s.templates(),
              new CreateOnPush(s.templates()),
              s.pullThrough().rules());
      PreAuthBudget budget =
          new PreAuthBudget(
              config.limits().preauthBodyBytes(), config.limits().preauthBodyBytesPerAddress());
      OrganizationsApi organizations =
          new OrganizationsApi(
              s.accounts().organizations(), security.iamAccess(clock), s.tokens().pages());
      SecretsManagerApi secretsManager =
          new SecretsManagerApi(s.secrets(), security.iamAccess(clock), s.tokens().pages());
      EcrPublicApi ecrPublic =
          new EcrPublicApi(
              ecr,
              s.publicRegistries().registries(),
              s.repositories(),
              s.tokens(),
              security.repositoryAccess(),
              config.publicRegistry().host());
      AwsJsonRoute awsJson =
          new AwsJsonRoute(
              security.authenticator(),
              List.of(ecr, ecrPublic, organizations, secretsManager),
              budget);
      router.mount(
          "/ui",
          "ui",
          new UiApi(
              registry.region(),
              addresses,
              new LocalClient(ecr),
              new LocalClient(ecrPublic),
              (account, alias) -> s.publicRegistries().registries().setAlias(account, alias),
              s.repositories(),
              s.manifests(),
              s.blobs(),
              security.repositoryAccess(),
              s.credentials(),
              s.meta().browserSessions(),
              clock,
              () -> s.collector().lastRun().map(Berth::report)),
          UiApi.errors());
      QueryRoute query = security.queryRoute(clock, budget);
      router.mount(
          "/",
          new RootRoute(awsJson, query),
          RootRoute.errors(AwsJsonRoute.errors(), query.errors()));
      observation.start(router);
      server.start();
      tls.ifPresent(ServingTls::start);
      housekeeping.start();
      s.events().start();
      ArchiveWorker archiveWorker = new ArchiveWorker(s.archive(), leased);
      archiveWorker.start();
      ReplicationWorker replicationWorker =
          new ReplicationWorker(
              s.meta(),
              s.manifests(),
              s.blobs(),
              new ReplicationDestinations(
                  s.repositories(), s.templates(), security.authorizer(), clock),
              config.registry().regions(),
              ReplicationDestinations.remotes(config.replication()),
              leased,
              clock);
      replicationWorker.start();
      Optional<GcSchedule> gc =
          config.gc().scheduled()
              ? Optional.of(new GcSchedule(s.collector(), config.gc().interval()))
              : Optional.empty();
      gc.ifPresent(GcSchedule::start);
      lifecycleSchedule.start();
      Periodic pullCounts =
          new Periodic(
              "public-pull-counts", Duration.ofSeconds(10), s.publicRegistries().pulls()::flush);
      pullCounts.start();
      Berth berth =
          new Berth(
              config,
              s.meta(),
              s,
              server,
              boot,
              housekeeping,
              gc,
              budget,
              archiveWorker,
              lifecycleSchedule,
              observation);
      berth.tls = tls;
      berth.replicationWorker = Optional.of(replicationWorker);
      berth.pullCounts = Optional.of(pullCounts);
      return berth;
    } catch (Exception | Error e) {
      tls.ifPresent(ServingTls::close);
      server.close();
      s.meta().close();
      observation.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  /** Whether the node serves HTTPS. */
  public boolean secure() {
    return server.secure();
  }

  /** The CA certificate clients trust, when the node made its own ({@code tls: auto}). */
  public Optional<Path> tlsCaCertificate() {
    return tls.flatMap(ServingTls::caCertificate);
  }

  /** The replication worker, for tests that work the queue now rather than at its next pass. */
  public Optional<ReplicationWorker> replicationWorker() {
    return replicationWorker;
  }

  /** The node's TLS, for tests that check the certificate files now. */
  Optional<ServingTls> servingTls() {
    return tls;
  }

  public BerthConfig config() {
    return config;
  }

  public Services services() {
    return services;
  }

  /** The bytes held for request bodies not yet authenticated (issue 9, item 6). */
  public PreAuthBudget preAuthBudget() {
    return preAuthBudget;
  }

  public Bootstrap.Result bootstrap() {
    return bootstrap;
  }

  @Override
  public void close() {
    try {
      gc.ifPresent(GcSchedule::close);
      tls.ifPresent(ServingTls::close);
      housekeeping.close();
      lifecycleSchedule.close();
      services.events().close();
      server.close();
      archiveWorker.close();
      replicationWorker.ifPresent(ReplicationWorker::close);
      services.pullThrough().cache().close();
      services.lifecycle().policies().close();
      pullCounts.ifPresent(Periodic::close);
      services.publicRegistries().pulls().flush();
    } finally {
      try {
        observation.close();
      } finally {
        meta.close();
      }
    }
  }
}
