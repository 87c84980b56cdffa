package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionAccess;
import io.amplifier.appapi.sessions.service.SessionTurns;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approvals of tool calls a running turn waits for (the config's {@code approvals}): list the
 * pending ones, answer one. Answers are events with their actor, so they show in history and audit.
 */
@RestController
@RequestMapping("/sessions")
class ApprovalController {

  private final SessionTurns turns;
  private final SessionAccess sessions;

  ApprovalController(SessionTurns turns, SessionAccess sessions) {
    this.turns = turns;
    this.sessions = sessions;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PendingApproval(
      String approvalId, String turnId, String toolName, String arguments, Instant requestedAt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ApprovalList(String sessionId, List<PendingApproval> approvals) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record DecisionRequest(
      @NotNull @Pattern(regexp = "allow|deny", message = "must be allow or deny") String decision,
      @Nullable @Size(max = 1000) String reason) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record DecisionResponse(
      String sessionId, String approvalId, String decision, @Nullable String reason) {}

  @Operation(summary = "List the tool calls waiting for approval in a session")
  @ApiResponse(responseCode = "200", description = "OK (oldest first)")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @GetMapping("/{sessionId}/approvals")
  ApprovalList pending(@PathVariable String sessionId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    return new ApprovalList(
        session.sessionId().value().toString(),
        turns.pending(session).stream()
            .map(
                p ->
                    new PendingApproval(
                        p.approvalId(), p.turnId(), p.toolName(), p.arguments(), p.requestedAt()))
            .toList());
  }

  @Operation(
      summary = "Allow or deny a tool call waiting for approval",
      description =
          "By the owner or an editor; the turn goes on (a denied call is reported to the model as a"
              + " tool error) and its stream sends approval:granted or approval:denied.")
  @ApiResponse(responseCode = "200", description = "Recorded")
  @ApiResponse(responseCode = "403", description = "Viewers cannot answer approvals")
  @ApiResponse(
      responseCode = "404",
      description = "Session or pending approval not found (unknown or already answered)")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors): decision, reason")
  @PostMapping("/{sessionId}/approvals/{approvalId}")
  DecisionResponse decide(
      @PathVariable String sessionId,
      @PathVariable String approvalId,
      @Valid @RequestBody DecisionRequest request,
      Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    SessionTurns.Decision answer =
        turns.decide(
            session, approvalId, "allow".equals(request.decision()), request.reason(), caller);
    return new DecisionResponse(
        session.sessionId().value().toString(),
        answer.approvalId(),
        answer.allowed() ? "allow" : "deny",
        answer.reason());
  }
}
