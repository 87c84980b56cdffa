package io.amplifier.appapi.audit.query;

import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code GET /audit} question: the filters (each optional), the cursor (a global index,
 * exclusive), the order and the page size; {@code ownerId} set limits it to one owner's entities.
 */
public record AuditFilter(
    @Nullable String userId,
    @Nullable String appId,
    @Nullable String entityType,
    @Nullable String entityId,
    @Nullable String eventType,
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable Long after,
    boolean ascending,
    int limit,
    @Nullable String ownerId) {

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * The question {@code caller} asks: {@code order} is {@code asc} or {@code desc}; a caller that
   * is no admin sees only its own entities. Refuses instants PostgreSQL cannot store.
   */
  public static AuditFilter of(
      @Nullable String userId,
      @Nullable String appId,
      @Nullable String entityType,
      @Nullable String entityId,
      @Nullable String eventType,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long after,
      String order,
      int limit,
      Caller caller) {
    requireStorable("from", from);
    requireStorable("to", to);
    return new AuditFilter(
        userId,
        appId,
        entityType,
        entityId,
        eventType,
        from,
        to,
        after,
        order.equals("asc"),
        limit,
        caller.admin() ? null : caller.userId().value());
  }

  private static void requireStorable(String field, @Nullable Instant instant) {
    if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
      throw new InvalidAuditInputException(field, "must be an instant between years 1 and 9999");
    }
  }

  /** This filter continuing after {@code position}. */
  public AuditFilter after(long position) {
    return new AuditFilter(
        userId,
        appId,
        entityType,
        entityId,
        eventType,
        from,
        to,
        position,
        ascending,
        limit,
        ownerId);
  }

  /** The WHERE clause and its arguments, in order. */
  String where(List<Object> args) {
    List<String> terms = new ArrayList<>();
    term(terms, args, "owner_id = ?", ownerId);
    if (userId != null && !userId.startsWith(Caller.RESERVED_PREFIX)) {
      // the wire names a user by its sub: that sub in any application's scope
      terms.add(
          "(user_id = ? OR (user_id LIKE '#%' AND substr(user_id, strpos(user_id, ':') + 1) = ?))");
      args.add(userId);
      args.add(userId);
    } else {
      term(terms, args, "user_id = ?", userId);
    }
    term(terms, args, "app_id = ?", appId);
    term(terms, args, "entity_type = ?", entityType);
    term(terms, args, "entity_id = ?", entityId);
    term(terms, args, "event_type = ?", eventType);
    term(terms, args, "occurred_at >= ?", from == null ? null : java.sql.Timestamp.from(from));
    term(terms, args, "occurred_at < ?", to == null ? null : java.sql.Timestamp.from(to));
    term(terms, args, ascending ? "global_index > ?" : "global_index < ?", after);
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  private static void term(
      List<String> terms, List<Object> args, String sql, @Nullable Object value) {
    if (value != null) {
      terms.add(sql);
      args.add(value);
    }
  }
}
