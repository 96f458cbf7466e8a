package dev.berth.common;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation, as the IpAddress condition operators and {@code
 * trusted-proxies} take it. A bare address is a network of one. Addresses are parsed by hand: no
 * name lookups, ever.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** As written. */
  @Override
  public String toString() {
    return text;
  }

  public int prefix() {
    return prefix;
  }

  /** Whether the network is IPv6. */
  public boolean ipv6() {
    return network.length == 16;
  }

  /** The network, or empty when {@code value} is not one. */
  public static Optional<Cidr> parse(String value) {
    String v = value.trim();
    int slash = v.indexOf('/');
    Optional<byte[]> address = address(slash < 0 ? v : v.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = v.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(address.get(), prefix, v));
  }

  /** Whether {@code ip} (a bare address) lies in this network; false for the other family. */
  public boolean contains(String ip) {
    Optional<byte[]> a = address(ip.trim());
    return a.isPresent() && contains(a.get());
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** Parses a dotted IPv4 or a textual IPv6 address (with {@code ::} and an embedded IPv4). */
  public static Optional<byte[]> address(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  private static Optional<byte[]> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int n = Integer.parseInt(p);
      if (n > 255) {
        return Optional.empty();
      }
      out[i] = (byte) n;
    }
    return Optional.of(out);
  }

  private static Optional<byte[]> ipv6(String text) {
    int dc = text.indexOf("::");
    if (dc >= 0 && text.indexOf("::", dc + 1) >= 0) {
      return Optional.empty();
    }
    String head = dc >= 0 ? text.substring(0, dc) : text;
    String tail = dc >= 0 ? text.substring(dc + 2) : "";
    Optional<byte[]> h = groups(head);
    Optional<byte[]> t = groups(tail);
    if (h.isEmpty() || t.isEmpty()) {
      return Optional.empty();
    }
    int len = h.get().length + t.get().length;
    if (dc < 0 ? len != 16 : len > 14) {
      return Optional.empty();
    }
    byte[] out = new byte[16];
    System.arraycopy(h.get(), 0, out, 0, h.get().length);
    System.arraycopy(t.get(), 0, out, 16 - t.get().length, t.get().length);
    return Optional.of(out);
  }

  /** Colon-separated hex groups, the last of which may be a dotted IPv4 address. */
  private static Optional<byte[]> groups(String text) {
    if (text.isEmpty()) {
      return Optional.of(new byte[0]);
    }
    String[] parts = text.split(":", -1);
    byte[] out = new byte[parts.length * 2 + 2];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && p.indexOf('.') >= 0) {
        Optional<byte[]> v4 = ipv4(p);
        if (v4.isEmpty()) {
          return Optional.empty();
        }
        System.arraycopy(v4.get(), 0, out, n, 4);
        n += 4;
        continue;
      }
      if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(Cidr::isHex)) {
        return Optional.empty();
      }
      int v = Integer.parseInt(p, 16);
      out[n++] = (byte) (v >> 8);
      out[n++] = (byte) v;
    }
    return Optional.of(Arrays.copyOf(out, n));
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
