package io.amplifier.appapi.sessions.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where provider calls may go. Refused unless {@code PROVIDER_ALLOWED_HOSTS} names them: loopback
 * (allowed in dev mode, {@code AUTH_REQUIRED=false}), unspecified, link-local, private (RFC 1918,
 * {@code fc00::/7}, CGNAT {@code 100.64/10}), multicast and broadcast addresses, this service's own
 * port and its database. {@link #urlRefusal} decides what the URL alone shows (at config write);
 * {@link #addressRefusal} checks each resolved address just before connecting.
 */
@Component
class OutboundPolicy {

  private static final Pattern NUMERIC_HOST =
      Pattern.compile(
          "^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern AUTHORITY = Pattern.compile("^([^:\\[\\]]+)(?::(\\d{1,5}))?$");

  private final ProviderSettings settings;
  private final List<Allowed> allowed;
  private final DataSource dataSource;
  private volatile int ownPort = -1;
  private volatile @Nullable List<Endpoint> database;

  OutboundPolicy(ProviderSettings settings, DataSource dataSource) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.allowed = settings.allowedHosts().stream().map(Allowed::parse).toList();
  }

  @EventListener
  void on(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      ownPort = event.getWebServer().getPort();
    }
  }

  /**
   * Why {@code url} is refused on its face (scheme, credentials, a refused literal address), or
   * empty.
   */
  Optional<String> urlRefusal(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must be an http or https URL");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      return Optional.of("must name a host");
    }
    if (authority.contains("@")) {
      return Optional.of("must not carry credentials in the URL");
    }
    // names such as my_model leave URI#getHost empty: take the host from the authority
    Matcher parts = AUTHORITY.matcher(authority);
    if (uri.getHost() == null && !parts.matches()) {
      return Optional.of("must name a host");
    }
    String host = host(uri.getHost() != null ? uri.getHost() : parts.group(1));
    int explicit =
        uri.getHost() != null
            ? uri.getPort()
            : parts.group(2) == null ? -1 : Integer.parseInt(parts.group(2));
    int port = explicit != -1 ? explicit : scheme.equals("https") ? 443 : 80;
    InetAddress literal = literal(host);
    if (literal == null && NUMERIC_HOST.matcher(host).matches()) {
      return Optional.of("must name a host or a dotted IP address");
    }
    if (literal == null && (host.equals("localhost") || host.endsWith(".localhost"))) {
      literal = InetAddress.getLoopbackAddress();
    }
    return literal == null ? Optional.empty() : addressRefusal(host, literal, port);
  }

  /** Why connecting to {@code address:port} (found for {@code host}) is refused, or empty. */
  Optional<String> addressRefusal(String host, InetAddress address, int port) {
    InetAddress checked = embeddedIpv4(address);
    String name = host(host);
    if (allowed.stream().anyMatch(a -> a.matches(name, checked, port))) {
      return Optional.empty();
    }
    byte[] raw = checked.getAddress();
    if (checked.isAnyLocalAddress() || (checked instanceof Inet4Address && raw[0] == 0)) {
      return Optional.of("an unspecified address");
    }
    if (port == ownPort && (checked.isLoopbackAddress() || local(checked))) {
      return Optional.of("this service itself");
    }
    if (database().stream()
        .anyMatch(
            db ->
                db.address.equals(checked) && (db.port == port || !checked.isLoopbackAddress()))) {
      return Optional.of("this service's database");
    }
    if (checked.isLoopbackAddress()) {
      return settings.devMode() ? Optional.empty() : Optional.of("a loopback address");
    }
    if (checked.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (checked.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    if (checked instanceof Inet4Address && Arrays.equals(raw, new byte[] {-1, -1, -1, -1})) {
      return Optional.of("a broadcast address");
    }
    if (checked.isSiteLocalAddress()
        || (checked instanceof Inet6Address && (raw[0] & 0xfe) == 0xfc)
        || (checked instanceof Inet4Address && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64)) {
      return Optional.of("a private address");
    }
    if (reserved(checked, raw)) {
      return Optional.of("a reserved address");
    }
    return Optional.empty();
  }

  /**
   * IETF protocol assignments (192.0.0.0/24), benchmarking (198.18.0.0/15), the old class E
   * (240.0.0.0/4), Azure's platform endpoint (168.63.129.16) and local-use NAT64 (64:ff9b:1::/48,
   * whose embedded IPv4 address is not fixed in place).
   */
  private static boolean reserved(InetAddress address, byte[] raw) {
    if (address instanceof Inet4Address) {
      int a = raw[0] & 0xff;
      int b = raw[1] & 0xff;
      int c = raw[2] & 0xff;
      return (a == 192 && b == 0 && c == 0)
          || (a == 198 && (b & 0xfe) == 18)
          || (a & 0xf0) == 240
          || (a == 168 && b == 63 && c == 129 && (raw[3] & 0xff) == 16);
    }
    return raw.length == 16
        && raw[0] == 0
        && raw[1] == 0x64
        && raw[2] == (byte) 0xff
        && raw[3] == (byte) 0x9b
        && raw[4] == 0
        && raw[5] == 1;
  }

  /** The IPv4 address inside an IPv4-compatible or NAT64 ({@code 64:ff9b::/96}) IPv6 address. */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] raw = address.getAddress();
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= raw[i] == 0;
    }
    boolean nat64 = raw[0] == 0 && raw[1] == 0x64 && raw[2] == (byte) 0xff && raw[3] == (byte) 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = raw[i] == 0;
    }
    boolean v4 = (compatible && !(raw[12] == 0 && raw[13] == 0 && raw[14] == 0)) || nat64;
    if (!v4) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(raw, 12, 16));
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private static boolean local(InetAddress address) {
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** The database's endpoints, from the pool's JDBC URL, looked up once. */
  private List<Endpoint> database() {
    List<Endpoint> known = database;
    if (known != null) {
      return known;
    }
    String url = null;
    if (dataSource instanceof HikariDataSource hikari) {
      url = hikari.getJdbcUrl();
    } else {
      try (Connection connection = dataSource.getConnection()) {
        url = connection.getMetaData().getURL();
      } catch (SQLException e) {
        return List.of();
      }
    }
    List<Endpoint> endpoints = new ArrayList<>();
    if (url != null && url.contains("//")) {
      String authority = url.substring(url.indexOf("//") + 2).split("[/?]", 2)[0];
      for (String hostPort : authority.split(",")) {
        Endpoint.add(endpoints, hostPort);
      }
    }
    database = List.copyOf(endpoints);
    return database;
  }

  /** The host of a URL, lower case, without brackets or a trailing dot. */
  static String host(String raw) {
    String host = raw.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /** The address {@code host} spells as a plain IPv4 or IPv6 literal, else null (no lookup). */
  static @Nullable InetAddress literal(String host) {
    byte[] raw = NetUtil.createByteArrayFromIpAddressString(host);
    if (raw == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Endpoint(InetAddress address, int port) {
    static void add(List<Endpoint> endpoints, String hostPort) {
      String host = hostPort;
      int port = 5432;
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0
          && hostPort.indexOf(']') < colon
          && (hostPort.startsWith("[") || hostPort.indexOf(':') == colon)) {
        host = hostPort.substring(0, colon);
        try {
          port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = 5432;
        }
      }
      try {
        InetAddress literal = literal(host(host));
        for (InetAddress address :
            literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(host(host))) {
          endpoints.add(new Endpoint(embeddedIpv4(address), port));
        }
      } catch (UnknownHostException e) {
        // an unknown database host cannot be reached by a provider call either
      }
    }
  }

  /**
   * One {@code PROVIDER_ALLOWED_HOSTS} entry: a host name, an address or a CIDR, with an optional
   * port.
   */
  private record Allowed(
      @Nullable String name, @Nullable InetAddress network, int prefix, int port) {

    static Allowed parse(String entry) {
      String text = entry.trim().toLowerCase(Locale.ROOT);
      int slash = text.indexOf('/');
      if (slash > 0) {
        InetAddress network = literal(host(text.substring(0, slash)));
        if (network == null) {
          throw new IllegalStateException("PROVIDER_ALLOWED_HOSTS: '" + entry + "' is not a CIDR");
        }
        return new Allowed(null, network, Integer.parseInt(text.substring(slash + 1)), -1);
      }
      String host = text;
      int port = -1;
      int colon = text.lastIndexOf(':');
      boolean bracketed = text.startsWith("[");
      if (colon > 0 && (bracketed ? text.indexOf(']') < colon : text.indexOf(':') == colon)) {
        host = text.substring(0, colon);
        port = Integer.parseInt(text.substring(colon + 1));
      }
      host = host(host);
      InetAddress address = literal(host);
      return address != null
          ? new Allowed(null, address, address.getAddress().length * 8, port)
          : new Allowed(host, null, 0, port);
    }

    boolean matches(String host, InetAddress address, int port) {
      if (this.port != -1 && this.port != port) {
        return false;
      }
      if (name != null || network == null) {
        return host.equals(name);
      }
      byte[] net = network.getAddress();
      byte[] raw = address.getAddress();
      if (net.length != raw.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((net[bit / 8] & mask) != (raw[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
