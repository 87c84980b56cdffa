package io.amplifier.appapi.configs.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a config holds as a secret (sealed before any event, shown as {@code enc:…}, kept out of
 * what a turn records), besides the values of keys with a {@link #KEY_MARKERS key marker}:
 *
 * <ul>
 *   <li>a header (a member of a {@code headers} object) whose name contains a key marker or one of
 *       {@link #HEADER_MARKERS} ({@code Ocp-Apim-Subscription-Key}, {@code x-functions-key}, {@code
 *       X-Api-Key}, {@code Cookie}, {@code Set-Cookie}, {@code Proxy-Authorization}, {@code
 *       X-Auth-Token}, …);
 *   <li>any header, or any other value, given as {@code {"value": "…", "secret": true}};
 *   <li>a whole URL with a user-info part ({@code https://user:pass@host}) or a query parameter
 *       whose name contains a key or header marker or is one of {@link #QUERY_NAMES} ({@code
 *       ?code=…} of Azure Functions, {@code ?sig=…} of a SAS URL, {@code ?key=…}, {@code
 *       ?api_key=…}, {@code ?access_token=…}).
 * </ul>
 *
 * {@code ${NAME}} references, empty strings and non-strings are never secrets.
 */
public interface SecretNames {

  /** Markers of a secret key name at any depth (the original's list, then header spellings). */
  List<String> KEY_MARKERS =
      List.of(
          "api_key",
          "secret",
          "password",
          "token",
          "credential",
          "private_key",
          "access_key",
          "api-key",
          "apikey",
          "authorization");

  /** Further markers of a secret header name. */
  List<String> HEADER_MARKERS = List.of("key", "cookie", "auth", "signature", "session", "passwd");

  /** Query parameter names that are credentials although they hold no marker. */
  Set<String> QUERY_NAMES = Set.of("code", "sig", "pwd", "pass", "jwt");

  /** True when a value under the key {@code name} is a secret. */
  static boolean isSecretKey(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return KEY_MARKERS.stream().anyMatch(lower::contains);
  }

  /** True when the value of the header {@code name} is a secret. */
  static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isSecretKey(lower) || HEADER_MARKERS.stream().anyMatch(lower::contains);
  }

  /** True when the URL query parameter {@code name} holds a credential. */
  static boolean isCredentialParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isSecretHeader(lower) || QUERY_NAMES.contains(lower);
  }

  /**
   * True when {@code value} is one whole URL ({@code scheme://…}, no white space) carrying a
   * user-info part or a credential query parameter with a value.
   */
  static boolean isUrlWithCredentials(String value) {
    return !urlCredentials(value).isEmpty();
  }

  /**
   * The credentials a URL carries: its user-info (and the password part of it) and the values of
   * its credential query parameters (raw and decoded); empty when {@code value} is not a URL.
   */
  static List<String> urlCredentials(String value) {
    String url = value.trim();
    if (!Internal.URL.matcher(url).matches()) {
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>();
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at >= start) {
      String userInfo = url.substring(start, at);
      if (!userInfo.isEmpty()) {
        found.add(userInfo);
        int colon = userInfo.indexOf(':');
        if (colon >= 0 && colon + 1 < userInfo.length()) {
          found.add(userInfo.substring(colon + 1));
          found.add(Internal.decode(userInfo.substring(colon + 1)));
        }
      }
    }
    int query = url.indexOf('?', end);
    if (query >= 0) {
      int fragment = url.indexOf('#', query);
      String text = url.substring(query + 1, fragment < 0 ? url.length() : fragment);
      for (String pair : text.split("[&;]")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && eq + 1 < pair.length()) {
          String name = Internal.decode(pair.substring(0, eq));
          if (isCredentialParameter(name)) {
            found.add(pair.substring(eq + 1));
            found.add(Internal.decode(pair.substring(eq + 1)));
          }
        }
      }
    }
    return List.copyOf(found);
  }

  /**
   * What to keep out of recorded text for one opened secret: the value, the credential after a
   * scheme word ({@code Bearer …}, {@code Basic …}) and, for a URL, its credentials; parts shorter
   * than 4 characters are left out (they would blot out ordinary text).
   */
  static List<String> redactionParts(String secret) {
    List<String> parts = new ArrayList<>();
    parts.add(secret);
    String trimmed = secret.trim();
    int space = trimmed.indexOf(' ');
    if (space > 0) {
      parts.add(trimmed.substring(space + 1).trim());
    }
    parts.addAll(urlCredentials(trimmed));
    return parts.stream().filter(p -> p.length() >= 4).distinct().toList();
  }

  /** Helpers of the static methods above. */
  final class Internal {
    static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");

    private Internal() {}

    static String decode(String text) {
      try {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return text;
      }
    }
  }
}
