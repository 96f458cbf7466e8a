package dev.berth.cli;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth serve}: runs one node until interrupted. */
@Command(name = "serve", description = "Run a registry node.")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    BerthConfig config = options.load();
    // slf4j-simple reads its root level once, when the first logger is made (inside Berth.start);
    // a configured level overrides simplelogger.properties.
    config
        .observe()
        .logLevel()
        .ifPresent(level -> System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level));
    long t0 = System.nanoTime();
    Berth berth = Berth.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  berth.close();
                  stopped.countDown();
                },
                "berth-shutdown"));
    String host =
        config.server().host().contains(":")
            ? "[" + config.server().host() + "]"
            : config.server().host();
    System.out.printf(
        "berth: serving %s://%s:%d (started in %d ms)%n",
        berth.secure() ? "https" : "http",
        host,
        berth.port(),
        (System.nanoTime() - t0) / 1_000_000);
    berth
        .tlsCaCertificate()
        .ifPresent(
            ca ->
                TrustHints.lines(ca, TrustHints.clientHost(config.server().host()), berth.port())
                    .forEach(System.out::println));
    System.out.printf(
        "berth: region %s, default account %s, data %s%n",
        String.join(", ", config.registry().regions()),
        berth.bootstrap().account(),
        config.storage().data());
    System.out.printf(
        "berth: root access key %s; %s%n",
        berth.bootstrap().rootAccessKeyId(),
        berth
            .bootstrap()
            .credentialsFile()
            .map(f -> "credentials in " + f)
            .orElse(
                config.bootstrap().rootAccessKeyId().isPresent()
                    ? "secret from configuration"
                    : "secret in the root-credentials file of the node that created it"));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
