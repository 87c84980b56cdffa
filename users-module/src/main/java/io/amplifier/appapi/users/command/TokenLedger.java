package io.amplifier.appapi.users.command;

import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.TokenBudgets;
import io.amplifier.appapi.users.api.UserId;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TokenBudgets} on PostgreSQL: one {@code token_usage} row per subject and UTC month,
 * changed only by single statements that lock it, so a reservation's check ({@code used + reserved
 * < monthly_tokens}) and its count are one step on every node. Subjects are always taken
 * application first, then user, so two calls never wait on each other's rows. A reservation lapses
 * at its {@code expires_at}; the next call on the same subject gives its tokens back.
 */
@Component
class TokenLedger implements TokenBudgets {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  TokenLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactions);
    this.clock = Clock.systemUTC();
  }

  private record Subject(String kind, String id) {}

  private static List<Subject> subjects(UserId user, @Nullable String appId) {
    List<Subject> subjects = new ArrayList<>(2);
    if (appId != null && !appId.isBlank()) {
      subjects.add(new Subject(TokenBudget.APPLICATION, appId));
    }
    subjects.add(new Subject(TokenBudget.USER, user.value()));
    return subjects;
  }

  @Override
  public TokenBudget budget(String kind, String subject) {
    YearMonth month = YearMonth.now(clock);
    Long limit =
        jdbc
            .query(
                "SELECT monthly_tokens FROM token_quota WHERE subject_kind = ? AND subject_id = ?",
                (rs, i) -> rs.getLong(1),
                kind,
                subject)
            .stream()
            .findFirst()
            .orElse(null);
    long[] counts =
        jdbc
            .query(
                "SELECT used, reserved FROM token_usage"
                    + " WHERE subject_kind = ? AND subject_id = ? AND month = ?",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                kind,
                subject,
                Date.valueOf(month.atDay(1)))
            .stream()
            .findFirst()
            .orElse(new long[] {0, 0});
    return new TokenBudget(kind, subject, limit, counts[0], counts[1], TokenBudget.resetOf(month));
  }

  @Override
  public Optional<TokenBudget> exhausted(UserId user, @Nullable String appId) {
    for (Subject subject : subjects(user, appId)) {
      expire(subject);
      TokenBudget budget = budget(subject.kind(), subject.id());
      if (budget.exhausted()) {
        return Optional.of(budget);
      }
    }
    return Optional.empty();
  }

  @Override
  public Reservation reserve(UserId user, @Nullable String appId, long tokens, Duration hold) {
    YearMonth month = YearMonth.now(clock);
    Date first = Date.valueOf(month.atDay(1));
    Timestamp expires = Timestamp.from(Instant.now(clock).plus(hold));
    UUID id = UUID.randomUUID();
    Reservation refused =
        transactions.execute(
            tx -> {
              for (Subject subject : subjects(user, appId)) {
                expire(subject);
                jdbc.update(
                    "INSERT INTO token_usage (subject_kind, subject_id, month) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                    subject.kind(),
                    subject.id(),
                    first);
                int granted =
                    jdbc.update(
                        """
                        UPDATE token_usage u SET reserved = u.reserved + ?
                        WHERE u.subject_kind = ? AND u.subject_id = ? AND u.month = ?
                          AND NOT EXISTS (SELECT 1 FROM token_quota q
                                          WHERE q.subject_kind = u.subject_kind
                                            AND q.subject_id = u.subject_id
                                            AND u.used + u.reserved >= q.monthly_tokens)
                        """,
                        tokens,
                        subject.kind(),
                        subject.id(),
                        first);
                if (granted == 0) {
                  tx.setRollbackOnly();
                  return new Reservation(
                      null, user, appId, tokens, budget(subject.kind(), subject.id()));
                }
                jdbc.update(
                    "INSERT INTO token_reservation (reservation_id, subject_kind, subject_id,"
                        + " month, tokens, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    subject.kind(),
                    subject.id(),
                    first,
                    tokens,
                    expires);
              }
              return null;
            });
    return refused != null ? refused : new Reservation(id, user, appId, tokens, null);
  }

  @Override
  public void settle(Reservation reservation, long used) {
    UUID id = reservation.id();
    if (id == null) {
      return;
    }
    long counted = Math.max(0, used);
    transactions.executeWithoutResult(
        tx -> {
          for (Subject subject : subjects(reservation.user(), reservation.appId())) {
            int settled =
                jdbc.update(
                    """
                    WITH r AS (DELETE FROM token_reservation
                               WHERE reservation_id = ? AND subject_kind = ?
                               RETURNING subject_kind, subject_id, month, tokens)
                    UPDATE token_usage u SET reserved = greatest(0, u.reserved - r.tokens),
                                             used = u.used + ?
                    FROM r WHERE u.subject_kind = r.subject_kind AND u.subject_id = r.subject_id
                      AND u.month = r.month
                    """,
                    id,
                    subject.kind(),
                    counted);
            if (settled == 0 && counted > 0) {
              // the reservation lapsed before the call ended: its use still counts, this month
              jdbc.update(
                  """
                  INSERT INTO token_usage (subject_kind, subject_id, month, used)
                  VALUES (?, ?, ?, ?)
                  ON CONFLICT (subject_kind, subject_id, month)
                  DO UPDATE SET used = token_usage.used + EXCLUDED.used
                  """,
                  subject.kind(),
                  subject.id(),
                  Date.valueOf(YearMonth.now(clock).atDay(1)),
                  counted);
            }
          }
        });
  }

  /** Gives back what the subject's lapsed reservations hold. */
  private void expire(Subject subject) {
    jdbc.update(
        """
        WITH gone AS (DELETE FROM token_reservation
                      WHERE subject_kind = ? AND subject_id = ? AND expires_at < now()
                      RETURNING month, tokens),
             per_month AS (SELECT month, sum(tokens) AS tokens FROM gone GROUP BY month)
        UPDATE token_usage u SET reserved = greatest(0, u.reserved - p.tokens)
        FROM per_month p
        WHERE u.subject_kind = ? AND u.subject_id = ? AND u.month = p.month
        """,
        subject.kind(),
        subject.id(),
        subject.kind(),
        subject.id());
  }
}
