package io.amplifier.appapi.users.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import io.amplifier.appapi.users.api.SetApplicationQuotaCommand;
import io.amplifier.appapi.users.api.SetUserQuotaCommand;
import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.TokenBudgets;
import io.amplifier.appapi.users.api.UserId;
import io.amplifier.appapi.users.api.UserKeys;
import io.amplifier.appapi.users.service.ForbiddenException;
import io.amplifier.appapi.users.service.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monthly token budgets of applications and users (ADR 26): an admin sets ({@code
 * {"monthly_tokens": N}}) or removes ({@code null}) them; a budget shows its use this UTC month and
 * when it resets. A user is named by the id the wire shows, in the caller's user scope or through
 * the application {@code app_id}; a user may read their own budget.
 */
@RestController
class QuotaController {

  /** The largest budget accepted: far above any month's use, far below overflow. */
  static final long MAX_MONTHLY_TOKENS = 1_000_000_000_000_000L;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final TokenBudgets budgets;
  private final UserKeys keys;

  QuotaController(
      CommandGateway commands, QueryGateway queries, TokenBudgets budgets, UserKeys keys) {
    this.commands = commands;
    this.queries = queries;
    this.budgets = budgets;
    this.keys = keys;
  }

  /** The body of a budget change. */
  @Schema(name = "QuotaRequest")
  record QuotaRequest(
      @Schema(
              description = "Tokens per UTC calendar month, 0 to 10^18; null removes the budget",
              nullable = true,
              requiredMode = Schema.RequiredMode.REQUIRED)
          @JsonProperty("monthly_tokens")
          @Nullable Long monthlyTokens) {}

  @Operation(summary = "Set or remove an application's monthly token budget (admin)")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = QuotaRequest.class)))
  @ApiResponse(responseCode = "200", description = "The budget as set")
  @ApiResponse(responseCode = "400", description = "monthly_tokens missing, negative or no integer")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @PutMapping("/applications/{appId}/quota")
  QuotaResponse setApplication(
      @PathVariable String appId, @RequestBody JsonNode body, Caller caller) {
    requireAdmin(caller);
    Long tokens = monthlyTokens(body);
    commands.sendAndWait(new SetApplicationQuotaCommand(appId, tokens));
    return QuotaResponse.of(budgets.budget(TokenBudget.APPLICATION, appId), null);
  }

  @Operation(summary = "An application's monthly token budget, used and reset (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @GetMapping("/applications/{appId}/quota")
  QuotaResponse getApplication(@PathVariable String appId, Caller caller) {
    requireAdmin(caller);
    ApplicationView view =
        queries
            .query(
                new FindApplicationQuery(appId, -1),
                ResponseTypes.optionalInstanceOf(ApplicationView.class))
            .join()
            .orElseThrow(() -> new NotFoundException("Application not found"));
    return QuotaResponse.of(budgets.budget(TokenBudget.APPLICATION, view.appId()), null);
  }

  @Operation(summary = "Set or remove a user's monthly token budget (admin)")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = QuotaRequest.class)))
  @ApiResponse(responseCode = "200", description = "The budget as set")
  @ApiResponse(responseCode = "400", description = "monthly_tokens missing, negative or no integer")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @PutMapping("/users/{userId}/quota")
  QuotaResponse setUser(
      @PathVariable String userId,
      @Parameter(
              description = "The application the user comes through (default: the caller's scope)")
          @RequestParam(name = "app_id", required = false)
          @Nullable String appId,
      @RequestBody JsonNode body,
      Caller caller) {
    requireAdmin(caller);
    Long tokens = monthlyTokens(body);
    String app = appOf(appId);
    UserId user = app == null ? caller.user(userId) : keys.user(app, userId);
    commands.sendAndWait(new SetUserQuotaCommand(user.value(), tokens));
    return QuotaResponse.of(budgets.budget(TokenBudget.USER, user.value()), app);
  }

  @Operation(summary = "A user's monthly token budget, used and reset (admin, or the user)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Neither an admin nor this user")
  @GetMapping("/users/{userId}/quota")
  QuotaResponse getUser(
      @PathVariable String userId,
      @Parameter(
              description = "The application the user comes through (default: the caller's scope)")
          @RequestParam(name = "app_id", required = false)
          @Nullable String appId,
      Caller caller) {
    String app = appOf(appId);
    UserId user = app == null || !caller.admin() ? caller.user(userId) : keys.user(app, userId);
    if (!caller.admin()
        && (!user.equals(caller.userId()) || (app != null && !app.equals(caller.appId())))) {
      throw new ForbiddenException("A user may read only their own quota");
    }
    return QuotaResponse.of(budgets.budget(TokenBudget.USER, user.value()), app);
  }

  private static @Nullable String appOf(@Nullable String appId) {
    if (appId == null || appId.isBlank()) {
      return null;
    }
    if (appId.length() > 255 || appId.contains(":")) {
      throw new QuotaInputException("app_id", "app_id must be an application id");
    }
    return appId;
  }

  /** The body's {@code monthly_tokens}: null (remove), or a whole number in range. */
  static @Nullable Long monthlyTokens(@Nullable JsonNode body) {
    if (body == null || !body.isObject() || !body.has("monthly_tokens")) {
      throw new QuotaInputException(
          "monthly_tokens", "monthly_tokens is required: a whole number, or null to remove");
    }
    JsonNode value = body.get("monthly_tokens");
    if (value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new QuotaInputException("monthly_tokens", "monthly_tokens must be a whole number");
    }
    long tokens = value.asLong();
    if (tokens < 0) {
      throw new QuotaInputException("monthly_tokens", "monthly_tokens must not be negative");
    }
    if (tokens > MAX_MONTHLY_TOKENS) {
      throw new QuotaInputException(
          "monthly_tokens", "monthly_tokens must be at most " + MAX_MONTHLY_TOKENS);
    }
    return tokens;
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Setting token budgets needs an admin principal");
    }
  }
}
