package dev.berth.config;

import dev.berth.config.BerthConfig.TlsConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code tls}, {@code tls-cert}, {@code tls-key} and {@code tls-hosts} keys. */
final class TlsKeys {
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private TlsKeys() {}

  static TlsConfig parse(Map<String, String> v) {
    Optional<Path> cert = path(v, "tls-cert");
    Optional<Path> key = path(v, "tls-key");
    if (cert.isPresent() && key.isEmpty()) {
      throw new ConfigException("tls-key: required with tls-cert (the certificate's private key)");
    }
    if (key.isPresent() && cert.isEmpty()) {
      throw new ConfigException("tls-cert: required with tls-key (the key's certificate chain)");
    }
    boolean files = cert.isPresent();
    String text = v.get("tls");
    TlsConfig.Mode mode =
        switch (text == null ? (files ? "files" : "off") : text.strip().toLowerCase(Locale.ROOT)) {
          case "off" -> TlsConfig.Mode.OFF;
          case "auto" -> TlsConfig.Mode.AUTO;
          case "files" -> TlsConfig.Mode.FILES;
          default ->
              throw new ConfigException("tls: expected off, auto or files, got '" + text + "'");
        };
    if (mode == TlsConfig.Mode.FILES && !files) {
      throw new ConfigException("tls-cert: required when tls is files (with tls-key)");
    }
    if (mode != TlsConfig.Mode.FILES && files) {
      throw new ConfigException(
          "tls: tls-cert and tls-key are used only when tls is files, got '" + text + "'");
    }
    List<String> hosts = hosts(v.getOrDefault("tls-hosts", ""));
    if (!hosts.isEmpty() && mode != TlsConfig.Mode.AUTO) {
      throw new ConfigException(
          "tls-hosts: used only when tls is auto (a given certificate names its own hosts)");
    }
    return new TlsConfig(mode, cert, key, hosts);
  }

  private static Optional<Path> path(Map<String, String> v, String key) {
    String text = v.get(key);
    if (text == null) {
      return Optional.empty();
    }
    if (text.isBlank()) {
      throw new ConfigException(key + ": expected the path of a PEM file, got ''");
    }
    try {
      return Optional.of(Path.of(text.strip()).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw new ConfigException(key + ": not a valid path: '" + text + "'");
    }
  }

  /** Comma-separated DNS names ({@code *.} allowed) and IP addresses, lower case, each once. */
  private static List<String> hosts(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String h = part.strip().toLowerCase(Locale.ROOT);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      if (h.isEmpty()) {
        continue;
      }
      boolean ok =
          IPV4.matcher(h).matches()
              || (IPV6.matcher(h).matches() && ipv6(h))
              || (DNS_NAME.matcher(h).matches() && h.length() <= 253 && !h.matches("[0-9.]+"));
      if (!ok) {
        throw new ConfigException(
            "tls-hosts: expected comma-separated DNS names or IP addresses, got '"
                + part.strip()
                + "'");
      }
      if (!out.contains(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /** A literal IPv6 address (in brackets, the JDK parses it and never looks a name up). */
  private static boolean ipv6(String h) {
    try {
      var unused = java.net.InetAddress.getByName("[" + h + "]");
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
