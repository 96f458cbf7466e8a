package dev.berth.cli;

import java.nio.file.Path;
import java.util.List;

/** Where the automatic mode's CA is and the commands that make each client trust it. */
final class TrustHints {
  private TrustHints() {}

  /**
   * The lines {@code berth serve} prints in auto mode; {@code hostPort} is the address clients
   * write in image references (the directory name under {@code certs.d}).
   */
  static List<String> lines(Path ca, String hostPort) {
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
