package dev.berth.config;

import dev.berth.common.Cidr;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration tree.
 *
 * @param server where to listen
 * @param storage where metadata and blobs live
 * @param registry the region, default account and registry domain
 * @param bootstrap root credentials of the default account, when given rather than generated
 * @param limits what one client may hold of the node
 * @param gc online garbage collection
 * @param lifecycle when lifecycle policies run
 * @param pullThrough the pull-through cache
 * @param replication other Berth deployments replication may copy to
 * @param publicRegistry ECR Public: the host public registries are served on, pull rate limits
 * @param tls whether and how the node serves HTTPS
 * @param observe metrics, the access log and the log level
 */
public record BerthConfig(
    ServerConfig server,
    StorageConfig storage,
    RegistryConfig registry,
    BootstrapConfig bootstrap,
    LimitsConfig limits,
    GcConfig gc,
    LifecycleConfig lifecycle,
    PullThroughConfig pullThrough,
    ReplicationConfig replication,
    PublicConfig publicRegistry,
    TlsConfig tls,
    ObserveConfig observe) {

  /**
   * Where the node listens.
   *
   * @param host interface to bind ({@code listen} key, {@code HOST:PORT}; default 127.0.0.1:5000)
   * @param port TCP port, 0 for an ephemeral one
   * @param trustedProxies load balancers and proxies ({@code trusted-proxies}: comma-separated
   *     addresses or CIDR blocks; default none) whose {@code X-Forwarded-For} and {@code
   *     X-Forwarded-Proto} name the client's address and scheme
   */
  public record ServerConfig(String host, int port, List<Cidr> trustedProxies) {
    public ServerConfig {
      trustedProxies = List.copyOf(trustedProxies);
    }
  }

  /**
   * Where metadata and blobs live.
   *
   * @param data data directory ({@code data}; default {@code ./data}): the SQLite database, the
   *     filesystem blob store, the local CA and, unless set apart, the master key
   * @param database the metadata database ({@code database-url}; default SQLite {@code
   *     <data>/berth.db})
   * @param blobs the blob store ({@code blob-store}; default files under {@code data})
   * @param uploadExpiry idle time after which an upload session is purged ({@code upload-expiry})
   * @param blobRedirect whether a blob GET is answered with a redirect to a short-lived presigned
   *     URL when the blob store can give one ({@code blob-redirect}; default on); off streams the
   *     bytes through Berth
   * @param masterKey the file holding the key that encrypts secrets at rest ({@code
   *     master-key-file}; default {@code <data>/master.key}); every node of a cluster needs the
   *     same
   */
  public record StorageConfig(
      Path data,
      DatabaseConfig database,
      BlobStoreConfig blobs,
      Duration uploadExpiry,
      boolean blobRedirect,
      Path masterKey) {
    /** The database's JDBC URL. */
    public String databaseUrl() {
      return database.url();
    }
  }

  /**
   * The region, the default account and the registry domain.
   *
   * @param region the home region ({@code region}; default us-east-1): the registry of hosts that
   *     are not ECR-style names, and the region of data from before regions
   * @param defaultAccount account created at first start, selected by unknown hosts ({@code
   *     account-id}; default 000000000000)
   * @param domain registry host suffix: {@code <account>.dkr.ecr.<region>.<domain>} ({@code
   *     domain}; default localhost)
   * @param domainSet whether the operator set {@code domain}: then DNS resolves every account's
   *     {@code <account>.dkr.ecr.<region>.<domain>}, and every repository URI uses that name
   * @param endpoint {@code HOST[:PORT]} clients use to reach the default account's registry ({@code
   *     endpoint}, e.g. a load balancer's name; default: the address each client used), lower case,
   *     an IPv6 address in brackets
   * @param regions every region the deployment serves ({@code regions}; default the home region),
   *     the home region first; each account has one private registry in each
   */
  public record RegistryConfig(
      String region,
      AccountId defaultAccount,
      String domain,
      boolean domainSet,
      Optional<String> endpoint,
      List<String> regions) {
    public RegistryConfig {
      regions = List.copyOf(regions);
      if (regions.isEmpty() || !regions.get(0).equals(region)) {
        throw new ConfigException("regions: the home region " + region + " must come first");
      }
    }

    /** The default addressing: no DNS for registry names, each client's own address. */
    public RegistryConfig(String region, AccountId defaultAccount, String domain) {
      this(region, defaultAccount, domain, false, Optional.empty(), List.of(region));
    }

    /** Whether the deployment serves {@code name}. */
    public boolean serves(String name) {
      return regions.contains(name);
    }

    /** The default account's registry in the home region. */
    public dev.berth.model.RegistryId home() {
      return new dev.berth.model.RegistryId(defaultAccount, region);
    }
  }

  /**
   * Root credentials of the default account, when given rather than generated.
   *
   * @param rootAccessKeyId {@code root-access-key-id}
   * @param rootSecretAccessKey {@code root-secret-access-key}
   */
  public record BootstrapConfig(
      Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey) {}

  /**
   * Bounds on what clients may hold (issue 9, items 6 and 9).
   *
   * @param preauthBodyBytes bytes of request bodies not yet authenticated that the node holds at
   *     once ({@code preauth-body-bytes}; default 64 MiB); the excess is refused unread
   * @param preauthBodyBytesPerAddress the same per client address ({@code
   *     preauth-body-bytes-per-address}; default 32 MiB, more than one 20 MiB UploadLayerPart)
   * @param uploadsPerRepository open upload sessions a repository may have ({@code
   *     uploads-per-repository}; default 1000)
   * @param uploadsPerPrincipal open upload sessions one principal may have ({@code
   *     uploads-per-principal}; default 1000)
   */
  public record LimitsConfig(
      long preauthBodyBytes,
      long preauthBodyBytesPerAddress,
      int uploadsPerRepository,
      int uploadsPerPrincipal) {
    /** The defaults. */
    public static LimitsConfig defaults() {
      return new LimitsConfig(64L << 20, 32L << 20, 1000, 1000);
    }
  }

  /**
   * Online garbage collection (issue 10).
   *
   * @param interval time between scheduled collections on a node ({@code gc-interval}; default 1h;
   *     {@code 0} or {@code off}: no schedule, {@code berth gc} only). Zero when off.
   * @param gracePeriod how long an uploaded blob no manifest references yet, a repository link no
   *     manifest uses, and a staged upload without a session are kept ({@code gc-grace-period};
   *     default 1h; any duration from 0)
   */
  public record GcConfig(Duration interval, Duration gracePeriod) {
    /** Whether a node runs collections on a schedule. */
    public boolean scheduled() {
      return !interval.isZero();
    }
  }

  /**
   * Lifecycle policies (issue 10).
   *
   * @param interval how often every repository's lifecycle policy runs ({@code lifecycle-interval};
   *     default 1h, the first run one interval after start; ECR acts within 24 hours)
   */
  public record LifecycleConfig(Duration interval) {}

  /**
   * The pull-through cache.
   *
   * @param refreshInterval how long a cached tag is served before the upstream is asked again
   *     whether it moved ({@code pull-through-refresh-interval}; default 24h, as ECR)
   */
  public record PullThroughConfig(Duration refreshInterval) {}

  /**
   * ECR Public.
   *
   * @param host {@code HOST[:PORT]} public registries are pulled from as {@code
   *     <host>/<alias>/<repository>} ({@code public-host}; default {@code public.ecr.<domain>})
   * @param anonymousPullRate manifest pulls per second one client address may make without
   *     credentials ({@code public-anonymous-pull-rate}; default 1, ECR Public's quota)
   * @param authenticatedPullRate manifest pulls per second one principal may make ({@code
   *     public-authenticated-pull-rate}; default 10, ECR Public's quota)
   * @param pullBurst pulls a client may make at once before its rate applies ({@code
   *     public-pull-burst}; default 10)
   */
  public record PublicConfig(
      String host, double anonymousPullRate, double authenticatedPullRate, int pullBurst) {}

  /**
   * Replication beyond the deployment (issue 13).
   *
   * @param remotes the registries of other Berth deployments that replication rules may name as
   *     destinations ({@code replication-remotes-file}, a YAML file; default none)
   */
  public record ReplicationConfig(List<RemoteRegistry> remotes) {
    public ReplicationConfig {
      remotes = List.copyOf(remotes);
    }
  }

  /**
   * One registry of another Berth (or ECR) deployment, named in replication rules by its {@code
   * registryId} and {@code region}.
   *
   * @param registryId the account of the remote registry
   * @param region its region, signed for in API calls; not one this deployment serves
   * @param endpoint the URL of its ECR API
   * @param registryUrl the URL of its {@code /v2} registry; empty: the {@code proxyEndpoint} its
   *     GetAuthorizationToken answers
   * @param accessKeyId the access key of a principal there that may create repositories and push
   * @param secretAccessKey its secret
   */
  public record RemoteRegistry(
      AccountId registryId,
      String region,
      java.net.URI endpoint,
      Optional<java.net.URI> registryUrl,
      String accessKeyId,
      String secretAccessKey) {
    @Override
    public String toString() {
      return "RemoteRegistry[" + registryId.value() + "/" + region + " at " + endpoint + "]";
    }
  }

  /**
   * HTTPS on the listen port (issue 11). Plain HTTP is the default.
   *
   * @param mode {@code tls}: {@code off} (default), {@code auto} (a local CA and a server
   *     certificate it signs, kept under {@code <data>/tls/}) or {@code files} (the operator's PEM
   *     files, reloaded when they change); giving {@code tls-cert} and {@code tls-key} implies
   *     {@code files}
   * @param certificate {@code tls-cert}: the PEM certificate chain, the server's certificate first
   *     (present exactly in {@code files} mode)
   * @param privateKey {@code tls-key}: its PEM private key, PKCS#8 or PKCS#1 RSA or SEC1 EC
   *     (present exactly in {@code files} mode)
   * @param hosts {@code tls-hosts}: further DNS names (lower case, {@code *.} allowed) and IP
   *     addresses the automatic certificate covers, beyond {@code localhost}, the loopback
   *     addresses, the listen address or host name and {@code *.dkr.ecr.<region>.<domain>}
   */
  public record TlsConfig(
      Mode mode, Optional<Path> certificate, Optional<Path> privateKey, List<String> hosts) {
    /** How the node gets its certificate. */
    public enum Mode {
      OFF,
      AUTO,
      FILES
    }

    public TlsConfig {
      hosts = List.copyOf(hosts);
      if ((mode == Mode.FILES) != (certificate.isPresent() && privateKey.isPresent())) {
        throw new IllegalArgumentException("tls-cert and tls-key are given exactly in files mode");
      }
    }

    /** Plain HTTP. */
    public static TlsConfig off() {
      return new TlsConfig(Mode.OFF, Optional.empty(), Optional.empty(), List.of());
    }

    /** Whether the node serves HTTPS. */
    public boolean enabled() {
      return mode != Mode.OFF;
    }
  }

  /**
   * Metrics, the access log and the log level (issue 11).
   *
   * @param metrics whether {@code /metrics} is served and requests are measured ({@code metrics}:
   *     {@code on}, the default, or {@code off})
   * @param metricsToken when set, {@code /metrics} answers only {@code Authorization: Bearer
   *     <token>} ({@code metrics-token}); when not, only clients on a loopback address
   * @param accessLog where and how each request is logged
   * @param logLevel the root level of the process's log ({@code log-level}: {@code error}, {@code
   *     warn}, {@code info}, {@code debug} or {@code trace}); empty: as {@code
   *     simplelogger.properties} says ({@code info})
   */
  public record ObserveConfig(
      boolean metrics,
      Optional<String> metricsToken,
      AccessLogConfig accessLog,
      Optional<String> logLevel) {}

  /**
   * The access log: one line per request.
   *
   * @param target {@code access-log}: {@code stdout} (the default), {@code off}, or a file path
   *     (appended to)
   * @param file the file when the target is {@link Target#FILE}
   * @param format {@code access-log-format}: {@code text} (the default, for a terminal) or {@code
   *     json} (one object per line)
   */
  public record AccessLogConfig(Target target, Optional<Path> file, Format format) {
    /** Where lines go. */
    public enum Target {
      STDOUT,
      OFF,
      FILE
    }

    /** How a line is written. */
    public enum Format {
      TEXT,
      JSON
    }
  }
}
