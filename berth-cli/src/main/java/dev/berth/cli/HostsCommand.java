package dev.berth.cli;

import dev.berth.address.RegistryAddresses;
import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth hosts}: the {@code /etc/hosts} lines that make every account's registry name {@code
 * <account>.dkr.ecr.<region>.<domain>} resolve on a machine without DNS for them. Reads the data
 * directory offline, as {@code berth admin} does (works while the node serves).
 */
@Command(
    name = "hosts",
    description =
        "Print /etc/hosts lines naming every account's registry host"
            + " (<account>.dkr.ecr.<region>.<domain>), for clients without DNS for those names.")
final class HostsCommand implements Callable<Integer> {
  private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3}\\.){3}[0-9]{1,3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  @Mixin ConfigOptions options;

  @Option(
      names = "--address",
      description = "IP address the names resolve to (default ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1")
  String address;

  @Override
  public Integer call() {
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      System.err.println(
          "berth: --address: expected an IPv4 or IPv6 address, got '" + address + "'");
      return 2;
    }
    BerthConfig config = options.load();
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      RegistryAddresses addresses = new RegistryAddresses(config.registry());
      System.out.println(
          "# berth hosts: registry names of every account (regions "
              + String.join(", ", config.registry().regions())
              + "); append to /etc/hosts");
      addresses.hostsLines(s.meta().accounts().list(), address).forEach(System.out::println);
      return 0;
    } finally {
      s.meta().close();
    }
  }
}
