package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigAsOf;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigPage;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.ConfigWritten;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.DeleteConfigCommand;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindConfigVersionQuery;
import io.amplifier.appapi.configs.api.ListConfigsQuery;
import io.amplifier.appapi.configs.api.RevealConfigSecretsCommand;
import io.amplifier.appapi.configs.api.UpdateConfigCommand;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import io.amplifier.appapi.platform.api.ByteCount;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The config routes: maps HTTP to config commands and queries, nothing more. */
@RestController
@RequestMapping("/configs")
class ConfigController {

  static final String NOT_FOUND = "Config not found";
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ConfigSecrets secrets;
  private final ObjectMapper json;
  private final boolean fernetOnTheWire;

  /**
   * {@code CONFIG_SECRETS_WIRE_FORMAT}: {@code sealed} (default) answers {@code GET} with our
   * {@code enc:jv1:} form; {@code fernet} with the original's {@code enc:<Fernet token>}.
   */
  ConfigController(
      CommandGateway commands,
      QueryGateway queries,
      ConfigSecrets secrets,
      ObjectMapper json,
      @Value("${CONFIG_SECRETS_WIRE_FORMAT:sealed}") String wireFormat) {
    this.commands = commands;
    this.queries = queries;
    this.secrets = secrets;
    this.json = json;
    String format = wireFormat.trim().toLowerCase(java.util.Locale.ROOT);
    if (!format.equals("sealed") && !format.equals("fernet")) {
      throw new IllegalStateException(
          "CONFIG_SECRETS_WIRE_FORMAT must be sealed or fernet, not '" + wireFormat + "'");
    }
    this.fernetOnTheWire = format.equals("fernet");
  }

  @Operation(summary = "Create a config (answered as sent, secrets in clear; stored sealed)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Config validation error (the path is named)")
  @ApiResponse(responseCode = "413", description = "config_data larger than 1 MB")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<ConfigResponse> create(
      @Valid @RequestBody CreateConfigRequest request, Caller caller) {
    ObjectNode document = request.configData().deepCopy();
    request.sections().forEach(document::set);
    requireSize(document);
    ProviderSettings.check(request.configData(), request.providers());
    ConfigId id = ConfigId.random();
    Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
    ConfigWritten written =
        commands.sendAndWait(
            new CreateConfigCommand(
                id,
                caller.userId().value(),
                request.name(),
                request.description(),
                document,
                tags));
    // The view row was written in the command's transaction (inline): answer from the result.
    ConfigView view =
        new ConfigView(
            id,
            caller.userId().value(),
            request.name(),
            request.description(),
            document,
            tags,
            written.at(),
            written.at(),
            written.revision(),
            written.version());
    // As the original: the caller's document as sent, secrets in clear (it has just sent them).
    return ResponseEntity.created(URI.create("/configs/" + id))
        .eTag(etag(view))
        .body(ConfigResponse.of(view, document, false, "Config created successfully"));
  }

  @Operation(summary = "List the caller's configs")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset or tags filter")
  @GetMapping
  Map<String, Object> list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller) {
    ConfigPage page =
        queries
            .query(
                new ListConfigsQuery(caller.userId().value(), limit, offset, parseTags(tags)),
                ResponseTypes.instanceOf(ConfigPage.class))
            .join();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configs", page.configs().stream().map(ConfigSummaryResponse::of).toList());
    body.put("total", page.total());
    return body;
  }

  @Operation(summary = "Get a config (secrets sealed; decrypt=true opens them for the owner)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @ApiResponse(responseCode = "422", description = "Invalid query parameter")
  @GetMapping("/{configId}")
  ResponseEntity<ConfigResponse> get(
      @PathVariable String configId,
      @RequestParam(defaultValue = "false") boolean decrypt,
      @RequestParam(required = false) @Nullable @Min(1) Integer version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller) {
    ConfigId id = parse(configId);
    if (version != null || asOf != null) {
      return asItWas(id, decrypt, version, asOf, caller);
    }
    long minVersion = -1;
    if (decrypt) {
      minVersion =
          commands.sendAndWait(new RevealConfigSecretsCommand(id, caller.userId().value()));
    }
    ConfigView view = find(id, caller, minVersion).orElseThrow(ConfigController::notFound);
    ObjectNode document =
        decrypt
            ? secrets.open(id, view.configData())
            : fernetOnTheWire ? secrets.asFernet(id, view.configData()) : view.configData();
    return ResponseEntity.ok()
        .eTag(etag(view))
        .body(ConfigResponse.of(view, document, !decrypt, null));
  }

  @Operation(summary = "Update a config (If-Match honoured; answered as sent)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "Config validation error (the path is named)")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @ApiResponse(responseCode = "412", description = "If-Match does not name the current revision")
  @ApiResponse(responseCode = "413", description = "config_data larger than 1 MB")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PutMapping("/{configId}")
  ResponseEntity<ConfigResponse> update(
      @PathVariable String configId,
      @Valid @RequestBody UpdateConfigRequest request,
      @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
      Caller caller) {
    ConfigId id = parse(configId);
    if (request.configData() != null) {
      requireSize(request.configData());
    }
    ProviderSettings.check(request.configData(), request.providers());
    // The view row is written in the command's transaction (inline): the command answers it.
    ConfigView view =
        commands.sendAndWait(
            new UpdateConfigCommand(
                id,
                caller.userId().value(),
                request.name(),
                request.description(),
                request.configData(),
                request.sections(),
                request.tags(),
                expectedRevision(ifMatch)));
    return ResponseEntity.ok().eTag(etag(view)).body(answeredAsSent(view, request));
  }

  @Operation(summary = "Delete a config (its data key is destroyed)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @DeleteMapping("/{configId}")
  Map<String, String> delete(@PathVariable String configId, Caller caller) {
    ConfigId id = parse(configId);
    long sequence = commands.sendAndWait(new DeleteConfigCommand(id, caller.userId().value()));
    queries
        .query(
            new FindConfigQuery(id, caller.userId().value(), sequence),
            ResponseTypes.optionalInstanceOf(ConfigView.class))
        .join();
    return Map.of("message", "Config deleted successfully");
  }

  /**
   * The config as it was at {@code version} and/or {@code asOf}, folded from its events; ETag and
   * {@code Last-Modified}/{@code X-As-Of} name the version served. Secrets of a config deleted
   * since cannot be opened any more: its data key was shredded (410).
   */
  private ResponseEntity<ConfigResponse> asItWas(
      ConfigId id,
      boolean decrypt,
      @Nullable Integer version,
      @Nullable Instant asOf,
      Caller caller) {
    ConfigAsOf found =
        queries
            .query(
                new FindConfigVersionQuery(id, caller.userId().value(), version, asOf),
                ResponseTypes.optionalInstanceOf(ConfigAsOf.class))
            .join()
            .orElseThrow(ConfigController::notFound);
    ConfigView view = found.view();
    ObjectNode document = view.configData();
    if (decrypt) {
      if (found.deletedSince()) {
        throw new GoneException(
            "The config was deleted and its data key destroyed: its secrets as of "
                + view.updatedAt()
                + " can no longer be decrypted");
      }
      commands.sendAndWait(new RevealConfigSecretsCommand(id, caller.userId().value()));
      document = secrets.open(id, view.configData());
    }
    return ResponseEntity.ok()
        .eTag(etag(view))
        .lastModified(view.updatedAt())
        .header("X-As-Of", view.updatedAt().toString())
        .body(ConfigResponse.of(view, document, !decrypt, null));
  }

  /**
   * As the original, an update answers with the document the caller sent, secrets in clear. When it
   * sent no {@code config_data}, the stored document (sealed) with the sections it sent.
   */
  private static ConfigResponse answeredAsSent(ConfigView view, UpdateConfigRequest request) {
    String message = "Config updated successfully";
    if (request.configData() == null) {
      ObjectNode document = view.configData().deepCopy();
      request.sections().forEach(document::set);
      return ConfigResponse.of(view, document, !ConfigSecrets.hasClearSecrets(document), message);
    }
    ObjectNode document = request.configData().deepCopy();
    request.sections().forEach(document::set);
    return ConfigResponse.of(view, document, false, message);
  }

  private Optional<ConfigView> find(ConfigId id, Caller caller, long minVersion) {
    return queries
        .query(
            new FindConfigQuery(id, caller.userId().value(), minVersion),
            ResponseTypes.optionalInstanceOf(ConfigView.class))
        .join();
  }

  private void requireSize(ObjectNode document) {
    long size;
    try {
      size = ByteCount.of(out -> json.writeValue(out, document));
    } catch (java.io.IOException e) {
      throw new InvalidFieldException("config_data", "is not JSON");
    }
    if (size > MAX_DOCUMENT_BYTES) {
      throw new DocumentTooLargeException(
          "config_data is " + size + " bytes; at most " + MAX_DOCUMENT_BYTES + " are accepted");
    }
  }

  static @Nullable Integer expectedRevision(@Nullable String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    var matcher = InputPatterns.REVISION_ETAG.matcher(ifMatch.trim());
    if (!matcher.matches()) {
      throw new PreconditionFailedException("If-Match must be an ETag from a GET of this resource");
    }
    return Integer.parseInt(matcher.group(2));
  }

  static Map<String, String> parseTags(@Nullable String tags) {
    return InputPatterns.tagFilter(tags).orElseThrow(InvalidTagFilterException::new);
  }

  private static String etag(ConfigView view) {
    return "\"" + view.revision() + "\"";
  }

  private static ConfigId parse(String text) {
    if (!InputPatterns.isUuid(text)) {
      throw notFound();
    }
    return ConfigId.parse(text);
  }

  private static NotFoundException notFound() {
    return new NotFoundException(NOT_FOUND);
  }
}
