package dev.berth.tls;

import dev.berth.config.BerthConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.util.IPAddress;

/**
 * The subject alternative names of the automatic server certificate: DNS names and IP addresses,
 * each sorted and once, addresses in the JDK's textual form ({@code ::1} reads {@code
 * 0:0:0:0:0:0:0:1}) so that two sets compare equal exactly when a certificate covers the same.
 *
 * @param dnsNames lower-case DNS names, {@code *.} wildcards allowed
 * @param ipAddresses IP addresses
 */
public record ServerNames(List<String> dnsNames, List<String> ipAddresses) {
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  public ServerNames {
    dnsNames = List.copyOf(new TreeSet<>(dnsNames));
    ipAddresses =
        List.copyOf(new TreeSet<>(ipAddresses.stream().map(ServerNames::canonicalIp).toList()));
  }

  /**
   * What the automatic certificate of a node with this configuration must cover: with {@link
   * #wanted}'s names, the host of the configured {@code endpoint}, which the node hands out in
   * repository URIs.
   */
  public static ServerNames forConfig(BerthConfig config) {
    List<String> extra = new java.util.ArrayList<>(config.tls().hosts());
    config.registry().endpoint().map(ServerNames::hostOf).ifPresent(extra::add);
    return wanted(
        config.server().host(),
        config.registry().regions(),
        config.registry().domain(),
        extra,
        machineName());
  }

  /** The host of a validated {@code HOST[:PORT]}, IPv6 without its brackets. */
  static String hostOf(String endpoint) {
    if (endpoint.startsWith("[")) {
      return endpoint.substring(1, endpoint.indexOf(']'));
    }
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.substring(0, colon);
  }

  /**
   * {@code localhost}, {@code 127.0.0.1}, {@code ::1}; the listen address when it is a specific
   * one, or the machine's host name when the node listens on a wildcard address; {@code
   * *.dkr.ecr.<region>.<domain>} of every served region; and every extra host.
   */
  static ServerNames wanted(
      String listenHost,
      List<String> regions,
      String domain,
      List<String> extraHosts,
      Optional<String> machineName) {
    TreeSet<String> dns = new TreeSet<>(List.of("localhost"));
    regions.forEach(region -> dns.add("*.dkr.ecr." + region + "." + domain));
    TreeSet<String> ips = new TreeSet<>(List.of("127.0.0.1", "::1"));
    Optional<InetAddress> listenIp = ipLiteral(listenHost);
    if (listenIp.isPresent() && listenIp.get().isAnyLocalAddress()) {
      machineName.ifPresent(dns::add);
    } else if (listenIp.isPresent()) {
      ips.add(listenIp.get().getHostAddress());
    } else {
      dns.add(listenHost.toLowerCase(Locale.ROOT));
    }
    for (String host : extraHosts) {
      if (ipLiteral(host).isPresent()) {
        ips.add(host);
      } else {
        dns.add(host);
      }
    }
    return new ServerNames(List.copyOf(dns), List.copyOf(ips));
  }

  /** The names a certificate's subject alternative name extension holds. */
  static ServerNames of(X509Certificate certificate) {
    TreeSet<String> dns = new TreeSet<>();
    TreeSet<String> ips = new TreeSet<>();
    try {
      Extension san =
          new JcaX509CertificateHolder(certificate).getExtension(Extension.subjectAlternativeName);
      if (san != null) {
        for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
          if (name.getTagNo() == GeneralName.dNSName) {
            dns.add(ASN1IA5String.getInstance(name.getName()).getString());
          } else if (name.getTagNo() == GeneralName.iPAddress) {
            ips.add(
                InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets())
                    .getHostAddress());
          }
        }
      }
    } catch (CertificateEncodingException | UnknownHostException e) {
      throw new TlsException("failed to read the names of certificate " + certificate, e);
    }
    return new ServerNames(List.copyOf(dns), List.copyOf(ips));
  }

  /** The subject alternative names as Bouncy Castle writes them. */
  GeneralNames generalNames() {
    List<GeneralName> names = new java.util.ArrayList<>();
    dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    ipAddresses.forEach(
        ip ->
            names.add(
                new GeneralName(
                    GeneralName.iPAddress,
                    new org.bouncycastle.asn1.DEROctetString(
                        ipLiteral(ip).orElseThrow().getAddress()))));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** The name for the certificate's subject: the first specific DNS name, else an address. */
  String commonName() {
    return dnsNames.stream()
        .filter(d -> !d.startsWith("*."))
        .findFirst()
        .orElse(ipAddresses.isEmpty() ? "localhost" : ipAddresses.get(0));
  }

  /** Whether a listen host is {@code localhost} or a loopback address (written as one). */
  public static boolean loopback(String host) {
    return host.equalsIgnoreCase("localhost")
        || ipLiteral(host).map(InetAddress::isLoopbackAddress).orElse(false);
  }

  /** An IP address written as one, parsed without any name lookup; empty for a host name. */
  static Optional<InetAddress> ipLiteral(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      if (IPAddress.isValidIPv4(h)) {
        return Optional.of(InetAddress.getByName(h));
      }
      if (IPAddress.isValidIPv6(h)) {
        return Optional.of(InetAddress.getByName("[" + h + "]"));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String canonicalIp(String ip) {
    return ipLiteral(ip)
        .map(InetAddress::getHostAddress)
        .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + ip));
  }

  /** This machine's host name (the kernel's, no lookup), when it is a valid DNS name. */
  static Optional<String> machineName() {
    String name;
    try {
      name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException u) {
        return Optional.empty();
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return DNS_NAME.matcher(lower).matches() && !lower.equals("localhost")
        ? Optional.of(lower)
        : Optional.empty();
  }
}
