package dev.berth.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A name resolver for this module's test JVM (registered as a service): {@code berth.test} and
 * every name below it are 127.0.0.1, so virtual-host-style S3 requests ({@code
 * <bucket>.s3.berth.test}) reach S3Proxy on loopback without touching {@code /etc/hosts}. Every
 * other name goes to the JDK's own resolver.
 */
public final class TestNames extends InetAddressResolverProvider {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("berth.test") || h.endsWith(".berth.test")) {
          return Stream.of(InetAddress.getByAddress(host, LOOPBACK));
        }
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "berth test names";
  }
}
