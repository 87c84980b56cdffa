package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.api.ConfigPage;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.ListConfigsQuery;
import io.amplifier.appapi.configs.service.ConfigService;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.users.api.Caller;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The config routes ({@link ConfigApi}): maps HTTP to the {@link ConfigService} and its list query,
 * and back.
 */
@RestController
class ConfigController implements ConfigApi {

  static final String NOT_FOUND = ConfigService.NOT_FOUND;

  private final ConfigService configs;
  private final QueryGateway queries;

  ConfigController(ConfigService configs, QueryGateway queries) {
    this.configs = configs;
    this.queries = queries;
  }

  @Override
  public ResponseEntity<ConfigResponse> create(CreateConfigRequest request, Caller caller) {
    ConfigService.Answer created =
        configs.create(
            request.name(),
            request.description(),
            request.configData(),
            request.sections(),
            request.providers(),
            request.tags(),
            caller);
    return ResponseEntity.created(URI.create("/configs/" + created.view().configId()))
        .eTag(etag(created.view()))
        .body(answer(created, "Config created successfully"));
  }

  @Override
  public Map<String, Object> list(int limit, int offset, @Nullable String tags, Caller caller) {
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

  @Override
  public ResponseEntity<ConfigResponse> get(
      String configId,
      boolean decrypt,
      @Nullable Integer version,
      @Nullable Instant asOf,
      Caller caller) {
    ConfigService.Answer read = configs.read(configId, decrypt, version, asOf, caller);
    ConfigView view = read.view();
    if (version != null || asOf != null) {
      // Names the version served.
      return ResponseEntity.ok()
          .eTag(etag(view))
          .lastModified(view.updatedAt())
          .header("X-As-Of", view.updatedAt().toString())
          .body(answer(read, null));
    }
    return ResponseEntity.ok().eTag(etag(view)).body(answer(read, null));
  }

  @Override
  public ResponseEntity<ConfigResponse> update(
      String configId, UpdateConfigRequest request, @Nullable String ifMatch, Caller caller) {
    ConfigService.Answer updated =
        configs.update(
            configId,
            request.name(),
            request.description(),
            request.configData(),
            request.sections(),
            request.providers(),
            request.tags(),
            ifMatch,
            caller);
    return ResponseEntity.ok()
        .eTag(etag(updated.view()))
        .body(answer(updated, "Config updated successfully"));
  }

  @Override
  public Map<String, String> delete(String configId, Caller caller) {
    configs.delete(configId, caller);
    return Map.of("message", "Config deleted successfully");
  }

  static Map<String, String> parseTags(@Nullable String tags) {
    return InputPatterns.tagFilter(tags).orElseThrow(InvalidTagFilterException::new);
  }

  private static ConfigResponse answer(ConfigService.Answer answer, @Nullable String message) {
    return ConfigResponse.of(answer.view(), answer.document(), answer.sealed(), message);
  }

  private static String etag(ConfigView view) {
    return "\"" + view.revision() + "\"";
  }
}
