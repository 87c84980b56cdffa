package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionService;
import io.amplifier.appapi.sessions.web.SessionResponses.Participant;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantChanged;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantList;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantRemoved;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routes that share a session: its participants and their roles (documented beside the other
 * session routes).
 */
@Tag(name = "session-controller")
@RestController
@RequestMapping("/sessions")
class ParticipantController {

  private static final String NOT_VISIBLE = "Session not found (or not visible to the caller)";

  private final SessionService sessions;

  ParticipantController(SessionService sessions) {
    this.sessions = sessions;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantRequest(
      @NotBlank @Size(max = 255) String userId,
      @NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer")
          String role) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RoleRequest(
      @NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer")
          String role) {}

  @Operation(summary = "Share the session with a user")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "409", description = "The user already participates")
  @ApiResponse(responseCode = "422", description = "Invalid field, or more than 100 participants")
  @PostMapping("/{sessionId}/participants")
  ResponseEntity<ParticipantChanged> addParticipant(
      @PathVariable String sessionId,
      @Valid @RequestBody ParticipantRequest request,
      Caller caller) {
    SessionId id = sessions.share(sessionId, request.userId(), request.role(), false, caller);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new ParticipantChanged(
                id.value().toString(), request.userId(), request.role(), "Participant added"));
  }

  @Operation(summary = "List the session's participants")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @GetMapping("/{sessionId}/participants")
  ParticipantList participants(@PathVariable String sessionId, Caller caller) {
    SessionView view = sessions.find(sessionId, caller);
    List<Participant> list = new ArrayList<>();
    view.participants()
        .forEach((userId, role) -> list.add(new Participant(UserId.wire(userId), role)));
    return new ParticipantList(
        view.sessionId().value().toString(), UserId.wire(view.ownerId()), list);
  }

  @Operation(summary = "Change a participant's role")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "422", description = "Invalid role")
  @PatchMapping("/{sessionId}/participants/{userId}")
  ParticipantChanged changeParticipant(
      @PathVariable String sessionId,
      @PathVariable String userId,
      @Valid @RequestBody RoleRequest request,
      Caller caller) {
    SessionId id = sessions.share(sessionId, userId, request.role(), true, caller);
    return new ParticipantChanged(
        id.value().toString(), userId, request.role(), "Participant updated");
  }

  @Operation(summary = "Stop sharing the session with a user")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @DeleteMapping("/{sessionId}/participants/{userId}")
  ParticipantRemoved removeParticipant(
      @PathVariable String sessionId, @PathVariable String userId, Caller caller) {
    SessionId id = sessions.unshare(sessionId, userId, caller);
    return new ParticipantRemoved(id.value().toString(), userId, "Participant removed");
  }
}
