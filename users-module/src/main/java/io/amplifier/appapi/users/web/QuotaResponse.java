package io.amplifier.appapi.users.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.UserId;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/** A monthly token budget as answered: the limit (null: none), this month's use, and its reset. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record QuotaResponse(
    @Schema(description = "application or user") String kind,
    @Schema(description = "The application id, or the user id as the wire shows it") String id,
    @Schema(description = "The application the user came through, for a user's quota")
        @JsonProperty("app_id")
        @Nullable String appId,
    @Schema(description = "Tokens the subject may use per UTC calendar month; null: no budget")
        @JsonProperty("monthly_tokens")
        @Nullable Long monthlyTokens,
    @Schema(description = "Tokens providers reported this month") long used,
    @Schema(description = "Tokens held by provider calls in flight") long reserved,
    @Schema(description = "What is left this month (never below 0); null: no budget")
        @Nullable Long remaining,
    @Schema(description = "The UTC month counted, YYYY-MM", example = "2026-12") String month,
    @Schema(description = "When the month ends and use counts from zero again (UTC)")
        @JsonProperty("reset_at")
        Instant resetAt) {

  static QuotaResponse of(TokenBudget budget, @Nullable String appId) {
    Long limit = budget.monthlyTokens();
    YearMonth month = YearMonth.from(budget.resetAt().atOffset(ZoneOffset.UTC)).minusMonths(1);
    return new QuotaResponse(
        budget.kind(),
        TokenBudget.USER.equals(budget.kind()) ? UserId.wire(budget.subject()) : budget.subject(),
        appId,
        limit,
        budget.used(),
        budget.reserved(),
        limit == null ? null : Math.max(0, limit - budget.used() - budget.reserved()),
        month.toString(),
        budget.resetAt());
  }
}
