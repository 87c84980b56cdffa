package io.amplifier.appapi.admin;

import io.amplifier.appapi.audit.api.ProjectionRebuildStartedEvent;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator routes for read models: list positions, rebuild one from the event store. */
@RestController
@RequestMapping("/admin/projections")
class ProjectionAdminController {

  private final Projections projections;
  private final EventGateway events;

  ProjectionAdminController(Projections projections, EventGateway events) {
    this.projections = projections;
    this.events = events;
  }

  record ProjectionList(List<Projections.Status> projections, long head) {}

  @Operation(summary = "List read models with their position against the event store (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping
  ProjectionList list(Caller caller) {
    requireAdmin(caller);
    return new ProjectionList(projections.statuses(), projections.head());
  }

  @Operation(summary = "One read model's position and rebuild progress (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "No such projection")
  @GetMapping("/{name}")
  Projections.Status get(@PathVariable String name, Caller caller) {
    requireAdmin(caller);
    return projections.status(name).orElseThrow(() -> unknown(name));
  }

  /** 202: the rebuild runs in the background; follow it with {@code GET /admin/projections}. */
  @Operation(summary = "Rebuild a read model from the event store (admin, 202)")
  @ApiResponse(responseCode = "202", description = "Accepted")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "No such projection")
  @ApiResponse(
      responseCode = "409",
      description = "A rebuild of it runs (on any node), or it has no read model")
  @PostMapping("/{name}/rebuild")
  ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name, Caller caller) {
    requireAdmin(caller);
    if (projections.status(name).isEmpty()) {
      throw unknown(name);
    }
    try {
      projections.rebuild(name);
    } catch (ProjectionRebuilds.Refused refused) {
      throw new ConflictException(String.valueOf(refused.getMessage()));
    }
    events.publish(new ProjectionRebuildStartedEvent(name));
    return ResponseEntity.accepted()
        .body(
            Map.of(
                "name",
                name,
                "status",
                "rebuilding",
                "message",
                "Rebuild of projection '" + name + "' started",
                "progress",
                "/admin/projections/" + name));
  }

  private static NotFoundException unknown(String name) {
    return new NotFoundException("Projection '" + name + "' not found");
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Admin rights required");
    }
  }
}
