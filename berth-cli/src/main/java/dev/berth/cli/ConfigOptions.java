package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by commands that load configuration. */
final class ConfigOptions {
  @Option(names = "--config", description = "YAML config file (also BERTH_CONFIG)")
  Path config;

  @Option(names = "--listen", description = "HOST:PORT to listen on (default 127.0.0.1:5000)")
  String listen;

  @Option(names = "--data", description = "data directory (default ./data)")
  Path data;

  BerthConfig load() {
    Map<String, String> env = System.getenv();
    Map<String, String> overrides = new LinkedHashMap<>();
    if (listen != null) {
      overrides.put("listen", listen);
    }
    if (data != null) {
      overrides.put("data", data.toString());
    }
    Optional<Path> file = Optional.ofNullable(config).or(() -> ConfigLoader.configFile(env));
    return ConfigLoader.load(file, env, overrides);
  }
}
