package dev.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Where the automatic mode's CA is and the commands that make each client trust it. */
final class TrustHints {
  private TrustHints() {}

  /**
   * The host clients write in image references: the listen address, or this machine's host name
   * (which the automatic certificate names) when the node listens on every interface.
   */
  static String clientHost(String listenHost) {
    String host = listenHost;
    if (listenHost.equals("0.0.0.0") || listenHost.equals("::") || listenHost.isEmpty()) {
      try {
        host =
            Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
      } catch (IOException | RuntimeException e) {
        host = "localhost";
      }
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /**
   * The lines {@code berth serve} prints in auto mode, for clients that reach the node as {@code
   * host:port} (the directory name under {@code certs.d}).
   */
  static List<String> lines(Path ca, String host, int port) {
    String hostPort = host + ":" + port;
    return List.of(
        "berth: tls certificate authority " + ca + " (trust it once on each client machine):",
        "  podman, skopeo, buildah: mkdir -p /etc/containers/certs.d/"
            + hostPort
            + " && cp "
            + ca
            + " /etc/containers/certs.d/"
            + hostPort
            + "/ca.crt",
        "  docker: mkdir -p /etc/docker/certs.d/"
            + hostPort
            + " && cp "
            + ca
            + " /etc/docker/certs.d/"
            + hostPort
            + "/ca.crt",
        "  system store (Debian, Ubuntu): cp "
            + ca
            + " /usr/local/share/ca-certificates/berth.crt && update-ca-certificates",
        "  aws CLI: export AWS_CA_BUNDLE=" + ca);
  }
}
