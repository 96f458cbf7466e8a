package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.BlobStoreConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth config check}: validates configuration and prints the effective values. */
@Command(
    name = "config",
    description = "Configuration commands.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand {
  @Command(name = "check", description = "Validate the configuration and print it.")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      BerthConfig c = options.load();
      System.out.println("listen: " + c.server().host() + ":" + c.server().port());
      System.out.println("data: " + c.storage().data());
      System.out.println("database-url: " + c.storage().database().displayUrl());
      System.out.println("database-pool-size: " + c.storage().database().poolSize());
      switch (c.storage().blobs()) {
        case BlobStoreConfig.Filesystem fs -> {
          System.out.println("blob-store: filesystem");
          System.out.println("archive-dir: " + fs.archiveDir());
        }
        case BlobStoreConfig.Memory memory ->
            System.out.println("blob-store: memory (lost at exit)");
        case BlobStoreConfig.S3 s3 -> {
          System.out.println("blob-store: s3");
          System.out.println("s3-bucket: " + s3.bucket());
          System.out.println("s3-prefix: " + s3.prefix());
          System.out.println("s3-region: " + s3.region());
          System.out.println(
              "s3-endpoint: " + s3.endpoint().map(Object::toString).orElse("(AWS's)"));
          System.out.println("s3-path-style: " + (s3.pathStyle() ? "on" : "off"));
          System.out.println(
              "s3-access-key-id: "
                  + s3.credentials()
                      .map(BlobStoreConfig.Credentials::accessKeyId)
                      .orElse("(the AWS SDK's default chain)"));
          System.out.println("s3-part-size: " + s3.partSize());
          System.out.println("s3-archive-storage-class: " + s3.archiveStorageClass());
        }
      }
      System.out.println("blob-redirect: " + (c.storage().blobRedirect() ? "on" : "off"));
      System.out.println("master-key-file: " + c.storage().masterKey());
      System.out.println("upload-expiry: " + c.storage().uploadExpiry());
      System.out.println("region: " + c.registry().region());
      System.out.println("regions: " + String.join(",", c.registry().regions()));
      System.out.println("account-id: " + c.registry().defaultAccount());
      System.out.println(
          "domain: "
              + c.registry().domain()
              + (c.registry().domainSet() ? "" : " (default: no DNS for registry names)"));
      System.out.println(
          "endpoint: " + c.registry().endpoint().orElse("(the address each client used)"));
      System.out.println(
          "root-access-key-id: " + c.bootstrap().rootAccessKeyId().orElse("(generated)"));
      System.out.println("preauth-body-bytes: " + c.limits().preauthBodyBytes());
      System.out.println(
          "preauth-body-bytes-per-address: " + c.limits().preauthBodyBytesPerAddress());
      System.out.println("uploads-per-repository: " + c.limits().uploadsPerRepository());
      System.out.println("uploads-per-principal: " + c.limits().uploadsPerPrincipal());
      System.out.println("tls: " + c.tls().mode().name().toLowerCase(java.util.Locale.ROOT));
      c.tls().certificate().ifPresent(p -> System.out.println("tls-cert: " + p));
      c.tls().privateKey().ifPresent(p -> System.out.println("tls-key: " + p));
      if (!c.tls().hosts().isEmpty()) {
        System.out.println("tls-hosts: " + String.join(",", c.tls().hosts()));
      }
      var o = c.observe();
      System.out.println("metrics: " + (o.metrics() ? "on" : "off"));
      System.out.println(
          "metrics-token: " + (o.metricsToken().isPresent() ? "(set)" : "(none: loopback only)"));
      System.out.println(
          "access-log: "
              + o.accessLog()
                  .file()
                  .map(Object::toString)
                  .orElse(o.accessLog().target().name().toLowerCase(java.util.Locale.ROOT)));
      System.out.println(
          "access-log-format: " + o.accessLog().format().name().toLowerCase(java.util.Locale.ROOT));
      System.out.println("log-level: " + o.logLevel().orElse("info"));
      System.out.println("config ok");
      return 0;
    }
  }
}
