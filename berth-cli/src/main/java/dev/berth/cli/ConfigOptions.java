package dev.berth.cli;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
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

  /** Loads the config, opens the node's stores and services, runs {@code work}, closes them. */
  <T> T withServices(BiFunction<BerthConfig, Berth.Services, T> work) {
    BerthConfig config = load();
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      return work.apply(config, s);
    } finally {
      s.meta().close();
    }
  }
}
