package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.api.ConfigHistory;
import io.amplifier.appapi.configs.api.ConfigHistoryQuery;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.users.api.Caller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The config routes: maps HTTP to config commands and queries, nothing more. */
@RestController
@RequestMapping("/configs")
class ConfigController {

  static final String NOT_FOUND = "Config not found";

  private final CommandGateway commands;
  private final QueryGateway queries;

  ConfigController(CommandGateway commands, QueryGateway queries) {
    this.commands = commands;
    this.queries = queries;
  }

  @PostMapping
  ResponseEntity<ConfigResponse> create(
      @Valid @RequestBody CreateConfigRequest request, Caller caller) {
    ConfigId id = ConfigId.random();
    commands.sendAndWait(
        new CreateConfigCommand(
            id,
            caller.userId().value(),
            request.name(),
            request.description(),
            request.configData(),
            request.tags() == null ? Map.of() : request.tags()));
    ConfigView view =
        find(id, caller, 0)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Config was created but the read model has not caught up yet"));
    return ResponseEntity.created(URI.create("/configs/" + id))
        .eTag(etag(view))
        .body(ConfigResponse.of(view, "Config created successfully"));
  }

  @GetMapping("/{configId}")
  ResponseEntity<ConfigResponse> get(@PathVariable String configId, Caller caller) {
    ConfigView view = find(parse(configId), caller, -1).orElseThrow(ConfigController::notFound);
    return ResponseEntity.ok().eTag(etag(view)).body(ConfigResponse.of(view, null));
  }

  @GetMapping("/{configId}/history")
  ConfigHistoryResponse history(@PathVariable String configId, Caller caller) {
    ConfigHistory history =
        queries
            .query(
                new ConfigHistoryQuery(parse(configId), caller.userId().value()),
                ResponseTypes.instanceOf(ConfigHistory.class))
            .join();
    if (history.events().isEmpty()) {
      throw notFound();
    }
    return ConfigHistoryResponse.of(history);
  }

  private Optional<ConfigView> find(ConfigId id, Caller caller, long minVersion) {
    return queries
        .query(
            new FindConfigQuery(id, caller.userId().value(), minVersion),
            ResponseTypes.optionalInstanceOf(ConfigView.class))
        .join();
  }

  private static String etag(ConfigView view) {
    return "\"" + view.version() + "\"";
  }

  private static ConfigId parse(String text) {
    try {
      return ConfigId.parse(text);
    } catch (IllegalArgumentException e) {
      throw notFound();
    }
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, NOT_FOUND);
  }
}
