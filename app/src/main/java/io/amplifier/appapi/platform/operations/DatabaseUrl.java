package io.amplifier.appapi.platform.operations;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A database location as the original service accepts it ({@code
 * postgresql://user:pass@host:port/db}, also {@code postgres://} and {@code postgresql+driver://})
 * or as JDBC writes it ({@code jdbc:postgresql://…}), turned into what HikariCP needs.
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming what is wrong. */
  public static DatabaseUrl parse(String text) {
    String value = text.trim();
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(value, null, null);
    }
    int schemeEnd = value.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException(
          "DATABASE_URL must look like postgresql://user:password@host:port/database");
    }
    String scheme = value.substring(0, schemeEnd);
    int plus = scheme.indexOf('+');
    String base = plus < 0 ? scheme : scheme.substring(0, plus);
    if (!base.equals("postgresql") && !base.equals("postgres")) {
      throw new IllegalArgumentException(
          "DATABASE_URL scheme '" + scheme + "' is not PostgreSQL (postgresql://…)");
    }
    URI uri = URI.create("postgresql" + value.substring(schemeEnd));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DATABASE_URL has no host");
    }
    String username = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    jdbc.append(path == null || path.isEmpty() ? "/postgres" : path);
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    return new DatabaseUrl(jdbc.toString(), username, password);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
  }
}
