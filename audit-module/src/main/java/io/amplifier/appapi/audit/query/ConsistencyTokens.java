package io.amplifier.appapi.audit.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.audit.api.AuditEvent;
import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserEvent;
import jakarta.annotation.PostConstruct;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The consistency token of a write: the id of the last audited event a request appended (a user's
 * sighting, which every first request records, is no write of theirs), answered in the {@value
 * #HEADER} response header of every write. A client may send it back (the same header, or {@code
 * consistency_token}) to a read of the audit log, which then waits, bounded, for that event only,
 * never for other callers' events; without one, the read waits for the caller's own last write on
 * this node, if it made one in the last minute.
 */
@Component
public class ConsistencyTokens {

  public static final String HEADER = "X-Consistency-Token";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-]{1,64}");

  /** A write to wait for: the id of the event it appended. */
  public record Token(String eventId) {}

  private final EventStore eventStore;
  private final Cache<String, Token> lastWrites =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(1)).build();

  ConsistencyTokens(EventStore eventStore) {
    this.eventStore = eventStore;
  }

  @PostConstruct
  void listen() {
    eventStore.registerDispatchInterceptor(
        messages ->
            (index, event) -> {
              if (audited(event)) {
                noted(event);
              }
              return event;
            });
  }

  /**
   * Whether the audit log records {@code event} as a caller's act (see {@link AuditLogProjection}).
   */
  private static boolean audited(EventMessage<?> event) {
    Object payload = event.getPayload();
    if (payload instanceof UserEvent) {
      return false; // a user's sighting, which every first request records, is no write of theirs
    }
    if (payload instanceof AuditEvent || payload instanceof MasterKeysRotatedEvent) {
      return true;
    }
    return event instanceof DomainEventMessage<?> domain
        && EntityKind.ofAggregate(domain.getAggregateIdentifier()) != null;
  }

  private void noted(EventMessage<?> event) {
    Token token = new Token(event.getIdentifier());
    Object user = event.getMetaData().get(Caller.USER_ID);
    Object app = event.getMetaData().get(Caller.APP_ID);
    if (user != null && app != null) {
      lastWrites.put(app + "|" + user, token);
    }
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      HttpServletResponse response = request.getResponse();
      if (response != null && !response.isCommitted()) {
        response.setHeader(HEADER, token.eventId());
      }
    }
  }

  /**
   * The write {@code caller}'s read should see: the token it sent ({@code given}), else its own
   * last write on this node, else none.
   */
  public Optional<Token> toAwait(@Nullable String given, Caller caller) {
    if (given != null && !given.isBlank()) {
      Matcher m = TOKEN.matcher(given.trim());
      if (!m.matches()) {
        throw new InvalidAuditInputException(
            "consistency_token", "must be a token a write answered in " + HEADER);
      }
      return Optional.of(new Token(given.trim()));
    }
    return Optional.ofNullable(
        lastWrites.getIfPresent(caller.appId() + "|" + caller.userId().value()));
  }
}
