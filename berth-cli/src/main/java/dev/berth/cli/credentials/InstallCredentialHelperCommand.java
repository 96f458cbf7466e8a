package dev.berth.cli.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth install-credential-helper [--dir DIR]}: writes {@code DIR/docker-credential-berth}
 * (mode 0755), which runs this berth's {@code credential-helper}.
 */
@Command(
    name = "install-credential-helper",
    description =
        "Write docker-credential-berth into DIR (default /usr/local/bin); then name \"berth\" in "
            + "credHelpers of ~/.docker/config.json or the containers auth.json.")
public final class InstallCredentialHelperCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "directory on PATH to write docker-credential-berth into (default: ${DEFAULT-VALUE})",
      defaultValue = "/usr/local/bin")
  Path dir;

  @Override
  public Integer call() throws IOException {
    Path target = install(dir, HelperScript.currentJava(), HelperScript.currentClasspath());
    System.out.println("installed " + target);
    System.out.println(
        "use it for a registry: {\"credHelpers\": {\"<host:port>\": \"berth\"}} in"
            + " ~/.docker/config.json (docker), ${XDG_RUNTIME_DIR}/containers/auth.json"
            + " (podman, skopeo) or ~/.docker/config.json (Jib: -Djib.to.credHelper=berth)");
    return 0;
  }

  /** Writes the script into {@code dir} atomically; returns its path. */
  static Path install(Path dir, Path java, String classpath) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(HelperScript.NAME);
    Path tmp =
        Files.createTempFile(
            dir,
            "." + HelperScript.NAME + "-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try {
      Files.writeString(tmp, HelperScript.text(java, classpath));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }
}
