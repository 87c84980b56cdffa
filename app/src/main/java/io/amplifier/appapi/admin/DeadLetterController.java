package io.amplifier.appapi.admin;

import io.amplifier.appapi.audit.api.DeadLetterEvictedEvent;
import io.amplifier.appapi.audit.api.DeadLetterRetriedEvent;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator routes for the projections' dead letters: list them, retry a sequence (or a whole
 * processing group) through the projection's handlers, or evict a sequence. Retries and evictions
 * are audit events.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

  /** Longest sequence id (an aggregate id) the queue stores. */
  private static final int MAX_SEQUENCE = 255;

  private final DeadLetters deadLetters;
  private final EventGateway events;

  DeadLetterController(DeadLetters deadLetters, EventGateway events) {
    this.deadLetters = deadLetters;
    this.events = events;
  }

  @Operation(summary = "List the events projections could not apply, per processing group (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping
  DeadLetters.Listing list(Caller caller) {
    requireAdmin(caller);
    return deadLetters.list();
  }

  /** 200 with the outcome; 409 when the sequence still fails (its letters stay in the queue). */
  @Operation(summary = "Retry one sequence of dead letters through its projection (admin)")
  @ApiResponse(responseCode = "200", description = "Recovered: the letters left the queue")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "No such processing group or sequence")
  @ApiResponse(responseCode = "409", description = "The sequence still fails; its letters stay")
  @PostMapping("/{group}/{sequence}/retry")
  DeadLetters.RetryOutcome retry(
      @PathVariable String group, @PathVariable String sequence, Caller caller) {
    requireAdmin(caller);
    requireSequence(group, sequence);
    DeadLetters.RetryOutcome outcome = deadLetters.retry(group, sequence);
    events.publish(
        new DeadLetterRetriedEvent(group, sequence, outcome.recovered(), outcome.stillFailing()));
    if (outcome.stillFailing() > 0) {
      throw new ConflictException(
          "Sequence '"
              + sequence
              + "' of '"
              + group
              + "' still fails"
              + (outcome.cause() == null ? "" : " (" + outcome.cause() + ")")
              + "; its dead letters stay");
    }
    return outcome;
  }

  @Operation(summary = "Retry every sequence of dead letters of a processing group (admin)")
  @ApiResponse(responseCode = "200", description = "OK: counts recovered and still failing")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "No such processing group")
  @PostMapping("/{group}/retry")
  DeadLetters.RetryOutcome retryAll(@PathVariable String group, Caller caller) {
    requireAdmin(caller);
    requireGroup(group);
    DeadLetters.RetryOutcome outcome = deadLetters.retryAll(group);
    events.publish(
        new DeadLetterRetriedEvent(group, null, outcome.recovered(), outcome.stillFailing()));
    return outcome;
  }

  @Operation(summary = "Evict one sequence of dead letters: its events are dropped (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "No such processing group or sequence")
  @DeleteMapping("/{group}/{sequence}")
  Map<String, Object> evict(
      @PathVariable String group, @PathVariable String sequence, Caller caller) {
    requireAdmin(caller);
    requireSequence(group, sequence);
    int evicted = deadLetters.evict(group, sequence);
    events.publish(new DeadLetterEvictedEvent(group, sequence, evicted));
    return Map.of("processing_group", group, "sequence_id", sequence, "evicted", evicted);
  }

  private void requireGroup(String group) {
    if (!deadLetters.knows(group)) {
      throw new NotFoundException("Processing group '" + group + "' has no dead-letter queue");
    }
  }

  private void requireSequence(String group, String sequence) {
    requireGroup(group);
    if (sequence.length() > MAX_SEQUENCE || !deadLetters.contains(group, sequence)) {
      throw new NotFoundException(
          "No dead letters for sequence '" + abbreviate(sequence) + "' of '" + group + "'");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Admin rights required");
    }
  }
}
