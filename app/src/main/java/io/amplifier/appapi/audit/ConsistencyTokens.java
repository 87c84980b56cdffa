package io.amplifier.appapi.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.platform.InputRejectedException;
import io.amplifier.appapi.users.api.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The consistency token of a write: {@code <sequence>@<aggregate id>} of the last audited event a
 * request appended, answered in the {@value #HEADER} response header of every write. A client may
 * send it back (the same header, or {@code consistency_token}) to a read of the audit log, which
 * then waits, bounded, for that event only, never for other callers' events; without one, the read
 * waits for the caller's own last write on this node, if it made one in the last minute.
 */
@Component
class ConsistencyTokens {

  static final String HEADER = "X-Consistency-Token";
  private static final Pattern TOKEN = Pattern.compile("(\\d{1,18})@([A-Za-z0-9:_.-]{1,300})");

  /** A write to wait for: the event {@code sequence} of aggregate {@code aggregateId}. */
  record Token(String aggregateId, long sequence) {
    String wire() {
      return sequence + "@" + aggregateId;
    }
  }

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
              if (event instanceof DomainEventMessage<?> domain
                  && EntityKind.ofAggregate(domain.getAggregateIdentifier()) != null) {
                noted(domain);
              }
              return event;
            });
  }

  private void noted(DomainEventMessage<?> event) {
    Token token = new Token(event.getAggregateIdentifier(), event.getSequenceNumber());
    Object user = event.getMetaData().get(Caller.USER_ID);
    Object app = event.getMetaData().get(Caller.APP_ID);
    if (user != null && app != null) {
      lastWrites.put(app + "|" + user, token);
    }
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      HttpServletResponse response = request.getResponse();
      if (response != null && !response.isCommitted()) {
        response.setHeader(HEADER, token.wire());
      }
    }
  }

  /**
   * The write {@code caller}'s read should see: the token it sent ({@code given}), else its own
   * last write on this node, else none.
   */
  Optional<Token> toAwait(@Nullable String given, Caller caller) {
    if (given != null && !given.isBlank()) {
      Matcher m = TOKEN.matcher(given.trim());
      if (!m.matches()) {
        throw new InputRejectedException(
            "consistency_token", "must be a token a write answered in " + HEADER);
      }
      return Optional.of(new Token(m.group(2), Long.parseLong(m.group(1))));
    }
    return Optional.ofNullable(
        lastWrites.getIfPresent(caller.appId() + "|" + caller.userId().value()));
  }
}
