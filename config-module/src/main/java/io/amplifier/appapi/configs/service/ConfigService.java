package io.amplifier.appapi.configs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigAsOf;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.ConfigWritten;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.DeleteConfigCommand;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindConfigVersionQuery;
import io.amplifier.appapi.configs.api.RevealConfigSecretsCommand;
import io.amplifier.appapi.configs.api.UpdateConfigCommand;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import io.amplifier.appapi.platform.api.ByteCount;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The config routes' work: create and update (size and provider bounds checked first; answered as
 * sent, as the original), read (secrets sealed, opened for the owner, or as Fernet tokens; also as
 * it was), delete. Each answer is built from the command's result or read once at its version.
 */
@Service
public class ConfigService {

  public static final String NOT_FOUND = "Config not found";
  public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ConfigSecrets secrets;
  private final ObjectMapper json;
  private final boolean fernetOnTheWire;

  /** A config and the document to answer with; {@code sealed} when its secrets are sealed. */
  public record Answer(ConfigView view, ObjectNode document, boolean sealed) {}

  /**
   * {@code CONFIG_SECRETS_WIRE_FORMAT}: {@code sealed} (default) answers {@code GET} with our
   * {@code enc:jv1:} form; {@code fernet} with the original's {@code enc:<Fernet token>}.
   */
  ConfigService(
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

  /**
   * Creates a config of {@code configData} with the top-level {@code sections} in place. The view
   * row was written in the command's transaction (inline): the answer is built from the result, the
   * caller's document as sent, secrets in clear (it has just sent them).
   */
  public Answer create(
      String name,
      @Nullable String description,
      ObjectNode configData,
      Map<String, JsonNode> sections,
      @Nullable JsonNode providers,
      @Nullable Map<String, String> givenTags,
      Caller caller) {
    ObjectNode document = configData.deepCopy();
    sections.forEach(document::set);
    requireSize(document);
    ProviderSettings.check(configData, providers);
    ConfigId id = ConfigId.random();
    Map<String, String> tags = givenTags == null ? Map.of() : givenTags;
    ConfigWritten written =
        commands.sendAndWait(
            new CreateConfigCommand(
                id, caller.userId().value(), name, description, document, tags));
    ConfigView view =
        new ConfigView(
            id,
            caller.userId().value(),
            name,
            description,
            document,
            tags,
            written.at(),
            written.at(),
            written.revision(),
            written.version());
    return new Answer(view, document, false);
  }

  /** The config now, or as it was at {@code version} and/or {@code asOf}. */
  public Answer read(
      String configId,
      boolean decrypt,
      @Nullable Integer version,
      @Nullable Instant asOf,
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
    ConfigView view =
        queries
            .query(
                new FindConfigQuery(id, caller.userId().value(), minVersion),
                ResponseTypes.optionalInstanceOf(ConfigView.class))
            .join()
            .orElseThrow(ConfigService::notFound);
    ObjectNode document =
        decrypt
            ? secrets.open(id, view.configData())
            : fernetOnTheWire ? secrets.asFernet(id, view.configData()) : view.configData();
    return new Answer(view, document, !decrypt);
  }

  /**
   * Updates the given fields only, if the config is still at the {@code If-Match} revision. As the
   * original, answered with the document the caller sent, secrets in clear; when it sent no {@code
   * config_data}, the stored document (sealed) with the sections it sent. The view row is written
   * in the command's transaction (inline): the command answers it.
   */
  public Answer update(
      String configId,
      @Nullable String name,
      @Nullable String description,
      @Nullable ObjectNode configData,
      Map<String, JsonNode> sections,
      @Nullable JsonNode providers,
      @Nullable Map<String, String> tags,
      @Nullable String ifMatch,
      Caller caller) {
    ConfigId id = parse(configId);
    if (configData != null) {
      requireSize(configData);
    }
    ProviderSettings.check(configData, providers);
    ConfigView view =
        commands.sendAndWait(
            new UpdateConfigCommand(
                id,
                caller.userId().value(),
                name,
                description,
                configData,
                sections,
                tags,
                expectedRevision(ifMatch)));
    if (configData == null) {
      ObjectNode document = view.configData().deepCopy();
      sections.forEach(document::set);
      return new Answer(view, document, !ConfigSecrets.hasClearSecrets(document));
    }
    ObjectNode document = configData.deepCopy();
    sections.forEach(document::set);
    return new Answer(view, document, false);
  }

  /** Deletes the config (its data key is destroyed) once its view has seen the deletion. */
  public void delete(String configId, Caller caller) {
    ConfigId id = parse(configId);
    long sequence = commands.sendAndWait(new DeleteConfigCommand(id, caller.userId().value()));
    queries
        .query(
            new FindConfigQuery(id, caller.userId().value(), sequence),
            ResponseTypes.optionalInstanceOf(ConfigView.class))
        .join();
  }

  /** The revision an {@code If-Match} names; null for none or {@code *}; 412 when malformed. */
  public static @Nullable Integer expectedRevision(@Nullable String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    var matcher = InputPatterns.REVISION_ETAG.matcher(ifMatch.trim());
    if (!matcher.matches()) {
      throw new PreconditionFailedException("If-Match must be an ETag from a GET of this resource");
    }
    return Integer.parseInt(matcher.group(2));
  }

  /**
   * The config as it was at {@code version} and/or {@code asOf}, folded from its events. Secrets of
   * a config deleted since cannot be opened any more: its data key was shredded (410).
   */
  private Answer asItWas(
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
            .orElseThrow(ConfigService::notFound);
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
    return new Answer(view, document, !decrypt);
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
