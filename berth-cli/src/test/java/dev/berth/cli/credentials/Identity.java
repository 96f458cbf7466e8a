package dev.berth.cli.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An AWS identity as a user of the helper has it: a shared credentials file with one profile, under
 * a private home directory with its own cache directory. {@link #env()} is the helper's environment
 * (nothing inherited; instance metadata disabled so no test ever probes it).
 */
record Identity(Path home, Path credentialsFile, String keyId, String secret) {
  static Identity of(Path dir, String keyId, String secret) {
    try {
      Path home = Files.createDirectories(dir.resolve("home"));
      Path credentials =
          Files.writeString(
              dir.resolve("credentials"),
              "[default]\naws_access_key_id = "
                  + keyId
                  + "\naws_secret_access_key = "
                  + secret
                  + "\n");
      return new Identity(home, credentials, keyId, secret);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path cacheDir() {
    return home.resolve(".cache/berth");
  }

  Path cacheFile() {
    return cacheDir().resolve(TokenCache.FILE_NAME);
  }

  /** The helper's environment variables for this identity. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }
}
