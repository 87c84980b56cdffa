package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.FindUsageQuery;
import io.amplifier.appapi.sessions.api.UsageReport;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token usage read back (ADR 26): sums of what provider calls reported in a time range, in total
 * and per user, application, config or model. A user sees their own calls, an admin everyone's.
 * Read from the asynchronous {@code usage} view, so a call shows up shortly after it ends.
 */
@RestController
class UsageController {

  static final Set<String> GROUPS = Set.of("user", "application", "config", "model");

  private final QueryGateway queries;

  UsageController(QueryGateway queries) {
    this.queries = queries;
  }

  @Operation(summary = "Tokens used in a time range, in total and grouped (own; admin: all)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "Unknown group_by, or a bad from/to")
  @GetMapping("/usage")
  UsageReport usage(
      @Parameter(
              description =
                  "Start (inclusive): an ISO-8601 instant or a date (UTC midnight); default: the"
                      + " first instant of this UTC month",
              schema = @Schema(example = "2026-12-01"))
          @RequestParam(required = false)
          @Nullable String from,
      @Parameter(
              description = "End (exclusive): an ISO-8601 instant or a date; default: now",
              schema = @Schema(example = "2026-12-08T00:00:00Z"))
          @RequestParam(required = false)
          @Nullable String to,
      @Parameter(
              description = "Sum per user, application, config or model",
              schema = @Schema(allowableValues = {"user", "application", "config", "model"}))
          @RequestParam(name = "group_by", required = false)
          @Nullable String groupBy,
      Caller caller) {
    Instant now = Instant.now();
    Instant start =
        from == null
            ? YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)
            : instant("from", from);
    Instant end = to == null ? now : instant("to", to);
    if (start.isAfter(end)) {
      throw new UsageInputException("from", "from must not be after to");
    }
    String group = groupBy == null || groupBy.isBlank() ? null : groupBy;
    if (group != null && !GROUPS.contains(group)) {
      throw new UsageInputException(
          "group_by", "group_by must be one of user, application, config, model");
    }
    return queries
        .query(
            new FindUsageQuery(start, end, group, caller.admin() ? null : caller.userId().value()),
            ResponseTypes.instanceOf(UsageReport.class))
        .join();
  }

  private static Instant instant(String field, String value) {
    if (value.length() > 64) {
      throw new UsageInputException(field, field + " must be an ISO-8601 instant or date");
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw new UsageInputException(
          field,
          field + " must be an ISO-8601 instant (2026-12-01T00:00:00Z) or date (2026-12-01)");
    }
  }
}
