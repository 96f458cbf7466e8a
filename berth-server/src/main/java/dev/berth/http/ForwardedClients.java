package dev.berth.http;

import dev.berth.common.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * The client's address and scheme behind trusted load balancers ({@code trusted-proxies}). For a
 * request whose TCP peer is trusted, the client is the rightmost {@code X-Forwarded-For} address
 * that is not itself a trusted proxy (a proxy appends the address it saw, so everything left of
 * that is whatever the client chose to send), and {@code X-Forwarded-Proto: https} makes the
 * request secure. Headers from any other peer are ignored. Everything that reads the client's
 * address (policy conditions on {@code aws:SourceIp}, the pre-authentication budget per address,
 * the loopback-only metrics, the access log) then sees the client rather than the balancer.
 *
 * <p>Jetty's own {@code ForwardedRequestCustomizer} is not used: it believes any peer and takes the
 * leftmost address, which the client controls.
 */
final class ForwardedClients implements HttpConfiguration.Customizer {
  private final List<Cidr> trusted;

  ForwardedClients(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    String peer = Request.getRemoteAddr(request);
    if (!isTrusted(peer)) {
      return request;
    }
    Optional<String> client = client(request.getHeaders().getValuesList("X-Forwarded-For"));
    boolean https =
        "https"
            .equals(
                last(request.getHeaders().getValuesList("X-Forwarded-Proto"))
                    .map(p -> p.toLowerCase(Locale.ROOT))
                    .orElse(""));
    if (client.isEmpty() && !https) {
      return request;
    }
    Optional<InetSocketAddress> address =
        client.flatMap(c -> socketAddress(c, request.getConnectionMetaData()));
    return new Forwarded(request, address, https);
  }

  /**
   * The client named by the {@code X-Forwarded-For} values (in header order): the rightmost valid
   * address that is not a trusted proxy, or the leftmost valid one when all are trusted.
   */
  Optional<String> client(List<String> forwardedFor) {
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String part : value.split(",", -1)) {
        hops.add(part.trim());
      }
    }
    String leftmostTrusted = null;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = bare(hops.get(i));
      if (Cidr.address(hop).isEmpty()) {
        // Not an address (a name, "unknown", garbage): nothing left of it can be trusted.
        break;
      }
      if (!isTrusted(hop)) {
        return Optional.of(hop);
      }
      leftmostTrusted = hop;
    }
    return Optional.ofNullable(leftmostTrusted);
  }

  private boolean isTrusted(String address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An address without the brackets (and port) an IPv6 entry may carry. */
  private static String bare(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    return hop;
  }

  private static Optional<String> last(List<String> values) {
    for (int i = values.size() - 1; i >= 0; i--) {
      String[] parts = values.get(i).split(",", -1);
      String v = parts[parts.length - 1].trim();
      if (!v.isEmpty()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The client's address (no name lookup: from its bytes) with the peer's port. */
  private static Optional<InetSocketAddress> socketAddress(String ip, ConnectionMetaData meta) {
    Optional<byte[]> bytes = Cidr.address(ip);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    SocketAddress remote = meta.getRemoteSocketAddress();
    int port = remote instanceof InetSocketAddress inet ? inet.getPort() : 0;
    try {
      return Optional.of(new InetSocketAddress(InetAddress.getByAddress(bytes.get()), port));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The request as the client made it. */
  private static final class Forwarded extends Request.Wrapper {
    private final ConnectionMetaData meta;
    private final boolean https;
    private final HttpURI uri;

    Forwarded(Request request, Optional<InetSocketAddress> client, boolean https) {
      super(request);
      this.https = https;
      ConnectionMetaData original = request.getConnectionMetaData();
      this.meta =
          client.isEmpty()
              ? original
              : new ConnectionMetaData.Wrapper(original) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                  return client.get();
                }
              };
      this.uri =
          https
              ? HttpURI.build(request.getHttpURI()).scheme(HttpScheme.HTTPS).asImmutable()
              : request.getHttpURI();
    }

    @Override
    public ConnectionMetaData getConnectionMetaData() {
      return meta;
    }

    @Override
    public boolean isSecure() {
      return https || super.isSecure();
    }

    @Override
    public HttpURI getHttpURI() {
      return uri;
    }
  }
}
