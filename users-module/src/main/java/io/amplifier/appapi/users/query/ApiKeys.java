package io.amplifier.appapi.users.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.users.api.ApplicationAuthenticator;
import io.amplifier.appapi.users.api.ApplicationKeyIssuer;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.FindApplicationByKeyPrefixQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes and checks application API keys: {@code app_} + 43 URL-safe base64 characters (32 random
 * bytes), kept only as a bcrypt hash plus an 8-character lookup prefix. A successful bcrypt check
 * is remembered by the key's SHA-256 together with the hash it matched, so only the first request
 * with a key pays for bcrypt. A key whose prefix no application has costs one indexed query, no
 * bcrypt.
 *
 * <p>An accepted key's application is kept in memory (bounded, for {@link #TTL} at most), so a
 * request with a known key runs no query. Every change of an application drops its entries: at once
 * on the node whose projection applies the event (after its commit) and on the node that handled
 * the request (before it answers), and on every other node when the projection's {@code NOTIFY}
 * arrives ({@link ApplicationChangeListener}). While that listener is not connected, nothing is
 * served from memory. A load that raced with a change is dropped again: each load remembers {@link
 * #epoch} and un-caches its result if any change arrived meanwhile.
 */
@Component
class ApiKeys implements ApplicationAuthenticator, ApplicationKeyIssuer {

  static final String PREFIX = "app_";
  private static final int LOOKUP_LENGTH = PREFIX.length() + 8;
  private static final int MAX_KEY_LENGTH = 256;
  private static final int MAX_VERIFIED = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long an accepted key is served from memory at most (the safety net behind NOTIFY). */
  static final Duration TTL = Duration.ofSeconds(60);

  private static final int MAX_ACCEPTED = 10_000;

  private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
  private final Map<String, String> verified = new ConcurrentHashMap<>();
  private final Cache<String, ApplicationView> accepted =
      Caffeine.newBuilder().maximumSize(MAX_ACCEPTED).expireAfterWrite(TTL).build();
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean listening;
  private final ApplicationQueryHandler applications;

  ApiKeys(ApplicationQueryHandler applications) {
    this.applications = applications;
  }

  @Override
  public IssuedKey issue() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new IssuedKey(key, key.substring(0, LOOKUP_LENGTH), bcrypt.encode(key));
  }

  @Override
  public Optional<ApplicationView> authenticate(String apiKey) {
    String prefix = lookupPrefix(apiKey);
    if (prefix == null) {
      return Optional.empty();
    }
    String digest = sha256(apiKey);
    boolean trusted = listening;
    ApplicationView known = trusted ? accepted.getIfPresent(digest) : null;
    if (known != null) {
      return Optional.of(known);
    }
    long seen = epoch.get();
    Optional<ApplicationView> match = load(apiKey, prefix, digest);
    if (trusted && match.isPresent()) {
      accepted.put(digest, match.get());
      if (epoch.get() != seen) {
        accepted.invalidate(digest);
      }
    }
    return match;
  }

  /**
   * Drops what this node remembers of {@code appId}'s key: called once a change of the application
   * is committed (and before it on the projection's node, so a load racing with it is dropped too).
   */
  @Override
  public void forget(String appId) {
    epoch.incrementAndGet();
    accepted.asMap().values().removeIf(app -> app.appId().equals(appId));
  }

  /** Drops every remembered key; {@code listening} says whether changes now arrive by NOTIFY. */
  void forgetAll(boolean listening) {
    this.listening = false;
    epoch.incrementAndGet();
    accepted.invalidateAll();
    this.listening = listening;
  }

  private Optional<ApplicationView> load(String apiKey, String prefix, String digest) {
    Optional<ApplicationView> match = Optional.empty();
    for (ApplicationView app :
        applications.byKeyPrefix(new FindApplicationByKeyPrefixQuery(prefix)).applications()) {
      String known = verified.get(digest);
      boolean ok =
          known != null
              ? MessageDigest.isEqual(
                  known.getBytes(StandardCharsets.UTF_8),
                  app.keyHash().getBytes(StandardCharsets.UTF_8))
              : bcrypt.matches(apiKey, app.keyHash());
      if (ok) {
        if (verified.size() > MAX_VERIFIED) {
          verified.clear();
        }
        verified.put(digest, app.keyHash());
        match = Optional.of(app);
      }
    }
    return match;
  }

  @Override
  public boolean recognizes(String apiKey) {
    return lookupPrefix(apiKey) != null && verified.containsKey(sha256(apiKey));
  }

  @Override
  public @Nullable String lookupPrefix(String apiKey) {
    if (apiKey == null
        || apiKey.length() < LOOKUP_LENGTH
        || apiKey.length() > MAX_KEY_LENGTH
        || !apiKey.startsWith(PREFIX)) {
      return null;
    }
    return apiKey.substring(0, LOOKUP_LENGTH);
  }

  private static String sha256(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
