package dev.berth.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.common.Cidr;
import dev.berth.model.AccountId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Builds a {@link BerthConfig} from defaults, a YAML file, the environment and CLI overrides. */
public final class ConfigLoader {
  /** Every key, in documentation order. */
  public static final Set<String> KEYS =
      java.util.stream.Stream.of(
              List.of(
                  "listen",
                  "trusted-proxies",
                  "data",
                  "database-url",
                  "database-pool-size",
                  "blob-store",
                  "archive-dir"),
              StorageKeys.S3_KEYS,
              List.of(
                  "blob-redirect",
                  "master-key-file",
                  "upload-expiry",
                  "region",
                  "regions",
                  "account-id",
                  "domain",
                  "endpoint",
                  "root-access-key-id",
                  "root-secret-access-key",
                  "preauth-body-bytes",
                  "preauth-body-bytes-per-address",
                  "uploads-per-repository",
                  "uploads-per-principal",
                  "gc-interval",
                  "gc-grace-period",
                  "lifecycle-interval",
                  "pull-through-refresh-interval",
                  "replication-remotes-file",
                  "public-host",
                  "public-anonymous-pull-rate",
                  "public-authenticated-pull-rate",
                  "public-pull-burst",
                  "tls",
                  "tls-cert",
                  "tls-key",
                  "tls-hosts",
                  "metrics",
                  "metrics-token",
                  "access-log",
                  "access-log-format",
                  "log-level"))
          .flatMap(List::stream)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*(|KiB|MiB|GiB)");

  private static final Pattern LISTEN = Pattern.compile("(.+):([0-9]{1,5})");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  /** {@code HOST[:PORT]}: a DNS name, an IPv4 address or an IPv6 address in brackets. */
  private static final Pattern ENDPOINT =
      Pattern.compile(
          "(" + DOMAIN.pattern() + "|\\[[0-9a-f:.]*:[0-9a-f:.]*\\])(:(?<port>[0-9]{1,5}))?");

  private ConfigLoader() {}

  /**
   * {@code regions}: comma-separated region names, the home region among them or not (it is served
   * either way, and comes first).
   */
  private static List<String> regions(String home, @Nullable String value) {
    java.util.LinkedHashSet<String> regions = new java.util.LinkedHashSet<>(List.of(home));
    if (value != null) {
      for (String part : value.split(",", -1)) {
        String name = part.strip();
        if (!REGION.matcher(name).matches()) {
          throw new ConfigException(
              "regions: expected comma-separated region names like us-east-1,eu-west-1, got '"
                  + name
                  + "'");
        }
        regions.add(name);
      }
    }
    return List.copyOf(regions);
  }

  /**
   * Loads configuration. {@code file} is read when present; {@code env} is the process environment
   * (only {@code BERTH_*} entries matter); {@code overrides} are command-line values by key.
   */
  public static BerthConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    file.ifPresent(f -> values.putAll(readFile(f)));
    for (String key : KEYS) {
      String envName = "BERTH_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      String v = env.get(envName);
      if (v != null && !v.isEmpty()) {
        values.put(key, v);
      }
    }
    overrides.forEach(
        (k, v) -> {
          if (!KEYS.contains(k)) {
            throw new ConfigException(k + ": unknown configuration key");
          }
          values.put(k, v);
        });
    return build(values);
  }

  /** The environment's config file, from {@code BERTH_CONFIG}. */
  public static Optional<Path> configFile(Map<String, String> env) {
    return Optional.ofNullable(env.get("BERTH_CONFIG")).filter(s -> !s.isEmpty()).map(Path::of);
  }

  static Map<String, String> readFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(
          "config "
              + file
              + ": cannot read: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigException("config " + file + ": expected a mapping of key: value");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if ("version".equals(e.getKey())) {
        if (!"1".equals(e.getValue().asText())) {
          throw new ConfigException(
              "version: unsupported config version '" + e.getValue().asText() + "' (expected 1)");
        }
        continue;
      }
      if (!KEYS.contains(e.getKey())) {
        throw new ConfigException(
            e.getKey() + ": unknown configuration key (known: " + new TreeSet<>(KEYS) + ")");
      }
      if (!e.getValue().isValueNode()) {
        throw new ConfigException(e.getKey() + ": expected a single value");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** {@code trusted-proxies}: addresses or CIDR blocks, comma-separated. */
  private static List<Cidr> trustedProxies(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<Cidr> out = new java.util.ArrayList<>();
    for (String part : text.split(",", -1)) {
      out.add(
          Cidr.parse(part)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "trusted-proxies: expected addresses or CIDR blocks separated by"
                              + " commas, got '"
                              + part.trim()
                              + "'")));
    }
    return out;
  }

  static BerthConfig build(Map<String, String> v) {
    String listen = v.getOrDefault("listen", "127.0.0.1:5000");
    Matcher m = LISTEN.matcher(listen);
    if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
      throw new ConfigException(
          "listen: expected HOST:PORT with a port 0-65535, got '" + listen + "'");
    }
    String host = m.group(1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String region = v.getOrDefault("region", "us-east-1");
    if (!REGION.matcher(region).matches()) {
      throw new ConfigException(
          "region: expected a region name like us-east-1, got '" + region + "'");
    }
    BerthConfig.StorageConfig storage = StorageKeys.parse(v, region);
    String account = v.getOrDefault("account-id", "000000000000");
    if (!AccountId.isValid(account)) {
      throw new ConfigException("account-id: expected 12 digits, got '" + account + "'");
    }
    String domain = v.getOrDefault("domain", "localhost");
    if (!DOMAIN.matcher(domain).matches()) {
      throw new ConfigException("domain: expected a DNS name, got '" + domain + "'");
    }
    Optional<String> endpoint = endpoint(v.get("endpoint"));
    Optional<String> keyId = Optional.ofNullable(v.get("root-access-key-id"));
    Optional<String> secret = Optional.ofNullable(v.get("root-secret-access-key"));
    if (keyId.isPresent() != secret.isPresent()) {
      throw new ConfigException(
          "root-access-key-id: root-access-key-id and root-secret-access-key must be set together");
    }
    keyId.ifPresent(
        k -> {
          if (!k.matches("[A-Z0-9]{16,128}")) {
            throw new ConfigException(
                "root-access-key-id: expected 16-128 upper-case letters or digits");
          }
        });
    secret.ifPresent(
        s -> {
          if (s.length() < 16 || s.length() > 128) {
            throw new ConfigException("root-secret-access-key: expected 16-128 characters");
          }
        });
    return new BerthConfig(
        new BerthConfig.ServerConfig(
            host, Integer.parseInt(m.group(2)), trustedProxies(v.get("trusted-proxies"))),
        storage,
        new BerthConfig.RegistryConfig(
            region,
            new AccountId(account),
            domain,
            v.containsKey("domain"),
            endpoint,
            regions(region, v.get("regions"))),
        new BerthConfig.BootstrapConfig(keyId, secret),
        limits(v),
        gc(v),
        new BerthConfig.LifecycleConfig(
            duration("lifecycle-interval", v.getOrDefault("lifecycle-interval", "PT1H"))),
        new BerthConfig.PullThroughConfig(
            duration(
                "pull-through-refresh-interval",
                v.getOrDefault("pull-through-refresh-interval", "24h"))),
        ReplicationKeys.parse(v, regions(region, v.get("regions"))),
        publicRegistry(v, domain, endpoint),
        TlsKeys.parse(v),
        observe(v));
  }

  /** ECR Public's host and pull rates (issue 14). */
  private static BerthConfig.PublicConfig publicRegistry(
      Map<String, String> v, String domain, Optional<String> endpoint) {
    String host =
        endpoint("public-host", v.getOrDefault("public-host", "public.ecr." + domain))
            .orElseThrow();
    if (endpoint.isPresent() && endpoint.get().equals(host)) {
      throw new ConfigException(
          "public-host: must differ from endpoint: requests to it reach public registries only");
    }
    double anonymous = rate(v, "public-anonymous-pull-rate", "1");
    double authenticated = rate(v, "public-authenticated-pull-rate", "10");
    String burst = v.getOrDefault("public-pull-burst", "10").strip();
    if (!burst.matches("[0-9]{1,6}") || Integer.parseInt(burst) < 1) {
      throw new ConfigException(
          "public-pull-burst: expected a whole number from 1, got '" + burst + "'");
    }
    return new BerthConfig.PublicConfig(host, anonymous, authenticated, Integer.parseInt(burst));
  }

  private static double rate(Map<String, String> v, String key, String fallback) {
    String text = v.getOrDefault(key, fallback).strip();
    double rate;
    try {
      rate = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      rate = Double.NaN;
    }
    if (!(rate > 0) || rate > 1_000_000 || !text.matches("[0-9.]+")) {
      throw new ConfigException(
          key
              + ": expected pulls per second, a number above 0 such as 1 or 0.5, got '"
              + text
              + "'");
    }
    return rate;
  }

  /** The address clients use for the default account: {@code HOST[:PORT]}, lower case. */
  private static Optional<String> endpoint(@Nullable String text) {
    return endpoint("endpoint", text);
  }

  /** {@code HOST[:PORT]} of the key, lower case. */
  private static Optional<String> endpoint(String key, @Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    String e = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = ENDPOINT.matcher(e);
    boolean valid = m.matches();
    String port = valid ? m.group("port") : null;
    if (!valid
        || (port != null && (Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535))) {
      throw new ConfigException(
          key
              + ": expected HOST or HOST:PORT (a DNS name or IP address, IPv6 in brackets,"
              + " port 1-65535), got '"
              + text
              + "'");
    }
    return Optional.of(e);
  }

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,512}");

  /** Metrics, the access log and the log level (issue 11). */
  private static BerthConfig.ObserveConfig observe(Map<String, String> v) {
    String metrics = v.getOrDefault("metrics", "on").strip().toLowerCase(Locale.ROOT);
    if (!metrics.equals("on") && !metrics.equals("off")) {
      throw new ConfigException("metrics: expected on or off, got '" + v.get("metrics") + "'");
    }
    Optional<String> token = Optional.ofNullable(v.get("metrics-token")).map(String::strip);
    if (token.isPresent() && !TOKEN.matcher(token.get()).matches()) {
      throw new ConfigException(
          "metrics-token: expected 16-512 letters, digits or ._~+/=- characters");
    }
    String target = v.getOrDefault("access-log", "stdout").strip();
    BerthConfig.AccessLogConfig.Target kind;
    Optional<Path> file = Optional.empty();
    switch (target.toLowerCase(Locale.ROOT)) {
      case "stdout" -> kind = BerthConfig.AccessLogConfig.Target.STDOUT;
      case "off" -> kind = BerthConfig.AccessLogConfig.Target.OFF;
      default -> {
        if (target.isEmpty()) {
          throw new ConfigException("access-log: expected stdout, off or a file path");
        }
        kind = BerthConfig.AccessLogConfig.Target.FILE;
        try {
          file = Optional.of(Path.of(target).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
          throw new ConfigException("access-log: not a valid path: '" + target + "'");
        }
      }
    }
    String format = v.getOrDefault("access-log-format", "text").strip().toLowerCase(Locale.ROOT);
    BerthConfig.AccessLogConfig.Format f =
        switch (format) {
          case "text" -> BerthConfig.AccessLogConfig.Format.TEXT;
          case "json" -> BerthConfig.AccessLogConfig.Format.JSON;
          default ->
              throw new ConfigException(
                  "access-log-format: expected text or json, got '"
                      + v.get("access-log-format")
                      + "'");
        };
    Optional<String> level =
        Optional.ofNullable(v.get("log-level")).map(l -> l.strip().toLowerCase(Locale.ROOT));
    if (level.isPresent()
        && !Set.of("error", "warn", "info", "debug", "trace").contains(level.get())) {
      throw new ConfigException(
          "log-level: expected error, warn, info, debug or trace, got '"
              + v.get("log-level")
              + "'");
    }
    return new BerthConfig.ObserveConfig(
        metrics.equals("on"), token, new BerthConfig.AccessLogConfig(kind, file, f), level);
  }

  private static BerthConfig.GcConfig gc(Map<String, String> v) {
    String interval = v.getOrDefault("gc-interval", "1h").strip();
    return new BerthConfig.GcConfig(
        "off".equalsIgnoreCase(interval)
            ? Duration.ZERO
            : durationFromZero("gc-interval", interval),
        durationFromZero("gc-grace-period", v.getOrDefault("gc-grace-period", "1h").strip()));
  }

  /** A duration of zero or more: {@code 0}, {@code 90s}, {@code 1h}, {@code PT30M}. */
  public static Duration durationFromZero(String key, String text) {
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    try {
      Duration d =
          Duration.parse(text.startsWith("P") ? text : "PT" + text.toUpperCase(Locale.ROOT));
      if (d.isNegative()) {
        throw new ConfigException(key + ": expected a duration of 0 or more, got '" + text + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          key + ": expected a duration like 1h, 30m or 0, got '" + text + "'");
    }
  }

  private static BerthConfig.LimitsConfig limits(Map<String, String> v) {
    BerthConfig.LimitsConfig d = BerthConfig.LimitsConfig.defaults();
    return new BerthConfig.LimitsConfig(
        bytes(v, "preauth-body-bytes", d.preauthBodyBytes()),
        bytes(v, "preauth-body-bytes-per-address", d.preauthBodyBytesPerAddress()),
        (int) count(v, "uploads-per-repository", d.uploadsPerRepository()),
        (int) count(v, "uploads-per-principal", d.uploadsPerPrincipal()));
  }

  /** A positive byte count: digits with an optional KiB, MiB or GiB. */
  static long bytes(Map<String, String> v, String key, long fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ConfigException(
          key + ": expected a positive size like 67108864 or 64MiB, got '" + text + "'");
    }
    int shift =
        switch (m.group(2)) {
          case "KiB" -> 10;
          case "MiB" -> 20;
          case "GiB" -> 30;
          default -> 0;
        };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** A positive count below 2^31. */
  static long count(Map<String, String> v, String key, long fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    if (!text.strip().matches("[0-9]{1,9}") || Long.parseLong(text.strip()) == 0) {
      throw new ConfigException(key + ": expected a positive whole number, got '" + text + "'");
    }
    return Long.parseLong(text.strip());
  }

  static Duration duration(String key, String text) {
    try {
      Duration d =
          Duration.parse(text.startsWith("P") ? text : "PT" + text.toUpperCase(Locale.ROOT));
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException(key + ": expected a positive duration, got '" + text + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          key + ": expected a duration like 24h or PT30M, got '" + text + "'");
    }
  }
}
