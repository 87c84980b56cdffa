package io.amplifier.appapi.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Webhooks over real HTTP, delivered to a real receiver on loopback (allowed here by the operator's
 * {@code PROVIDER_ALLOWED_HOSTS}, set in this test only): registration with a generated secret
 * shown once, Standard Webhooks signatures the receiver verifies, the event's id as {@code
 * webhook-id}, order per session, retries with back-off while the receiver is down, the test route,
 * redelivery, refusals of bad input (400 naming the field) and of refused addresses at delivery
 * time.
 */
@ApiTest
@Import(WebhookDns.class)
@TestPropertySource(
    properties = {
      "PROVIDER_ALLOWED_HOSTS=127.0.0.1",
      "WEBHOOK_RETRY_BASE=100ms",
      "WEBHOOK_RETRY_MAX_INTERVAL=400ms",
      "JOB_POLLING_INTERVAL=200ms",
      "WEBHOOKS_MAX_PER_USER=3"
    })
class WebhookApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Receiver receiver;
  final String user = "hooks-" + UUID.randomUUID();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  Http http() {
    return new Http(port).with("X-User-ID", user);
  }

  JsonNode register(Http http, List<String> events) {
    Http.Response created = http.post("/webhooks", Map.of("url", receiver.url(), "events", events));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  @Test
  void shouldDeliverASessionsEventsSignedInOrderWithTheEventIdAsWebhookId() throws Exception {
    Http http = http();
    JsonNode webhook = register(http, List.of("session.created", "turn.completed"));
    String id = webhook.get("webhook_id").asText();
    String secret = webhook.get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    Http.Response read = http.get("/webhooks/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secret).doesNotContain("whsec_");
    assertThat(http.get("/webhooks").json().get("webhooks").get(0).get("webhook_id").asText())
        .isEqualTo(id);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM webhooks WHERE sealed_secret LIKE ?",
                Integer.class,
                "%" + secret.substring(6, 20) + "%"))
        .isZero();

    String session = Turns.echoSession(http, 0);
    assertThat(http.post("/sessions/" + session + "/messages", Map.of("message", "hi")).status())
        .isEqualTo(200);

    Receiver.await("both events delivered", () -> receiver.delivered().size() >= 2);
    List<Receiver.Request> got = receiver.delivered();
    assertThat(got).hasSize(2);
    List<String> types = new ArrayList<>();
    for (Receiver.Request request : got) {
      assertThat(
              Signatures.verifies(
                  secret, request.id(), request.timestamp(), request.body(), request.signature()))
          .as("signature of %s", request.body())
          .isTrue();
      assertThat(
              Signatures.verifies(
                  secret,
                  request.id(),
                  request.timestamp(),
                  request.body() + " ",
                  request.signature()))
          .isFalse();
      JsonNode body = JSON.readTree(request.body());
      types.add(body.get("type").asText());
      assertThat(body.get("data").get("session_id").asText()).isEqualTo(session);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM domainevententry WHERE eventidentifier = ?",
                  Integer.class,
                  request.id()))
          .as("webhook-id is the id of a stored event")
          .isEqualTo(1);
    }
    assertThat(types).containsExactly("session.created", "turn.completed");
    assertThat(JSON.readTree(got.get(1).body()).get("data").get("response").asText()).isNotBlank();

    Receiver.await(
        "the deliveries say delivered",
        () ->
            http
                .get("/webhooks/" + id + "/deliveries")
                .json()
                .get("deliveries")
                .findValues("status")
                .stream()
                .allMatch(s -> s.asText().equals("delivered")));
    JsonNode deliveries = http.get("/webhooks/" + id + "/deliveries").json().get("deliveries");
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(0).get("event_type").asText()).isEqualTo("turn.completed");
    assertThat(deliveries.get(0).get("response_code").asInt()).isEqualTo(200);
    assertThat(deliveries.get(0).get("latency_ms").isNumber()).isTrue();
    assertThat(deliveries.get(0).get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void shouldRetryWhileTheReceiverIsDownThenDeliverEveryEventOnceInOrder() throws Exception {
    Http http = http();
    String id =
        register(http, List.of("session.created", "turn.completed")).get("webhook_id").asText();
    receiver.status.set(503);
    String session = Turns.echoSession(http, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(
              http.post("/sessions/" + session + "/messages", Map.of("message", "m" + i)).status())
          .isEqualTo(200);
    }
    Receiver.await("the first event was tried three times", () -> receiver.requests.size() >= 3);
    // the receiver answers before the service records the attempt: wait for the record
    JsonNode[] seen = new JsonNode[1];
    Receiver.await(
        "the refused attempt recorded",
        () -> {
          seen[0] = http.get("/webhooks/" + id + "/deliveries").json().get("deliveries");
          return seen[0].size() == 4 && seen[0].get(3).path("response_code").asInt() == 503;
        });
    JsonNode pending = seen[0];
    assertThat(pending).hasSize(4);
    // only the session's first event was tried: the later ones wait behind it
    assertThat(receiver.requests.stream().map(Receiver.Request::id).distinct()).hasSize(1);
    JsonNode first = pending.get(3);
    assertThat(first.get("status").asText()).isEqualTo("pending");
    assertThat(first.get("response_code").asInt()).isEqualTo(503);
    assertThat(first.get("next_attempt_at").isTextual()).isTrue();
    assertThat(pending.get(0).get("attempts").asInt()).isZero();

    receiver.status.set(200);
    Receiver.await("every event delivered", () -> receiver.delivered().size() >= 4);
    Thread.sleep(500);
    List<String> types = new ArrayList<>();
    for (Receiver.Request request : receiver.delivered()) {
      types.add(JSON.readTree(request.body()).get("type").asText());
    }
    assertThat(types)
        .containsExactly("session.created", "turn.completed", "turn.completed", "turn.completed");
    assertThat(receiver.delivered().stream().map(Receiver.Request::id).distinct()).hasSize(4);
    JsonNode one =
        http.get("/webhooks/" + id + "/deliveries/" + first.get("delivery_id").asText()).json();
    assertThat(one.get("status").asText()).isEqualTo("delivered");
    assertThat(one.get("attempt_log").size()).isGreaterThanOrEqualTo(3);
    assertThat(one.get("attempt_log").get(0).get("response_code").asInt()).isEqualTo(503);
  }

  @Test
  void shouldSendATestDeliveryAndRedeliverItWithTheSameId() throws Exception {
    Http http = http();
    JsonNode webhook = register(http, List.of("config.updated"));
    String id = webhook.get("webhook_id").asText();
    Http.Response test = http.post("/webhooks/" + id + "/test", Map.of());
    assertThat(test.status()).as(test.toString()).isEqualTo(202);
    String delivery = test.json().get("delivery_id").asText();
    Receiver.await("the test delivery arrived", () -> receiver.delivered().size() == 1);
    Receiver.Request first = receiver.delivered().get(0);
    assertThat(JSON.readTree(first.body()).get("type").asText()).isEqualTo("webhook.test");
    assertThat(
            Signatures.verifies(
                webhook.get("secret").asText(),
                first.id(),
                first.timestamp(),
                first.body(),
                first.signature()))
        .isTrue();

    Http.Response again =
        http.post("/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", Map.of());
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    Receiver.await("the redelivery arrived", () -> receiver.delivered().size() == 2);
    assertThat(receiver.delivered().get(1).id()).isEqualTo(first.id());
    assertThat(
            http.post(
                    "/webhooks/" + id + "/deliveries/" + UUID.randomUUID() + "/redeliver", Map.of())
                .status())
        .isEqualTo(404);
  }

  @Test
  void shouldUseAGivenSecretAndNeverAnswerIt() throws Exception {
    Http http = http();
    String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    Http.Response created =
        http.post(
            "/webhooks",
            Map.of("url", receiver.url(), "events", List.of("config.created"), "secret", secret));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().has("secret")).isFalse();
    http.post(
        "/configs", Map.of("name", "hooked", "config_data", Map.of("bundle", Map.of("name", "b"))));
    Receiver.await("the config's creation arrived", () -> receiver.delivered().size() == 1);
    Receiver.Request got = receiver.delivered().get(0);
    assertThat(Signatures.verifies(secret, got.id(), got.timestamp(), got.body(), got.signature()))
        .isTrue();
  }

  @Test
  void shouldRefuseBadInputWithA400NamingTheField() {
    Http http = http();
    assertRefused(
        http, Map.of("url", "http://10.0.0.1/hook", "events", List.of("turn.completed")), "url");
    assertRefused(
        http, Map.of("url", "ftp://example.com/x", "events", List.of("turn.completed")), "url");
    assertRefused(
        http,
        Map.of(
            "url", "https://example.com/" + "a".repeat(2100), "events", List.of("turn.completed")),
        "url");
    assertRefused(http, Map.of("events", List.of("turn.completed")), "url");
    assertRefused(
        http, Map.of("url", receiver.url(), "events", List.of("turn.exploded")), "events");
    assertRefused(http, Map.of("url", receiver.url(), "events", List.of()), "events");
    assertRefused(
        http,
        Map.of("url", receiver.url(), "events", List.of("turn.completed"), "secret", "hunter2"),
        "secret");
    Http.Response notAdmin =
        http.post(
            "/webhooks",
            Map.of("url", receiver.url(), "events", List.of("turn.completed"), "app_id", "other"));
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(http.get("/webhooks/not-a-uuid").status()).isEqualTo(404);
    assertThat(
            new Http(port)
                .with("X-User-ID", "stranger-" + UUID.randomUUID())
                .get(
                    "/webhooks/"
                        + register(http, List.of("turn.failed")).get("webhook_id").asText())
                .status())
        .isEqualTo(404);
  }

  @Test
  void shouldLimitTheWebhooksOfAUser() {
    Http http = http();
    for (int i = 0; i < 3; i++) {
      register(http, List.of("turn.failed"));
    }
    Http.Response fourth =
        http.post("/webhooks", Map.of("url", receiver.url(), "events", List.of("turn.failed")));
    assertThat(fourth.status()).isEqualTo(409);
    assertThat(fourth.json().get("type").asText()).isEqualTo("/problems/conflict");
  }

  @Test
  void shouldRefuseAtDeliveryTimeAnAddressTheNameNowResolvesTo() throws Exception {
    Http http = http();
    String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    WebhookDns.answer(host, "10.1.2.3");
    Http.Response created =
        http.post(
            "/webhooks",
            Map.of(
                "url",
                "http://" + host + ":" + receiver.port() + "/hook",
                "events",
                List.of("config.created")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("webhook_id").asText();
    String delivery =
        http.post("/webhooks/" + id + "/test", Map.of()).json().get("delivery_id").asText();
    Receiver.await(
        "the attempt was refused",
        () ->
            http.get("/webhooks/" + id + "/deliveries/" + delivery).json().get("attempts").asInt()
                >= 1);
    JsonNode attempt = http.get("/webhooks/" + id + "/deliveries/" + delivery).json();
    assertThat(attempt.get("error").asText()).contains("refused by the outbound policy");
    assertThat(attempt.get("response_code").isNull()).isTrue();
    assertThat(receiver.requests).isEmpty();
  }

  @Test
  void shouldDeliverNothingMoreOnceDeletedAndDestroyTheSecret() throws Exception {
    Http http = http();
    String id = register(http, List.of("config.created")).get("webhook_id").asText();
    assertThat(http.delete("/webhooks/" + id).status()).isEqualTo(204);
    assertThat(http.get("/webhooks/" + id).status()).isEqualTo(404);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM webhooks WHERE webhook_id = ?::uuid", Integer.class, id))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class,
                "webhook:" + id))
        .isEqualTo(2);
    Receiver.await(
        "the audit log shows who created and deleted the webhook",
        () ->
            http.get("/audit?entity_type=webhook&entity_id=" + id)
                    .json()
                    .get("entries")
                    .findValuesAsText("event_type")
                    .size()
                == 2);
    JsonNode audit = http.get("/audit?entity_type=webhook&entity_id=" + id).json().get("entries");
    assertThat(audit.findValuesAsText("event_type"))
        .containsExactly("WebhookDeletedEvent", "WebhookCreatedEvent");
    assertThat(audit.get(1).toString()).contains(user).doesNotContain("whsec_");
    http.post(
        "/configs",
        Map.of("name", "after-delete", "config_data", Map.of("bundle", Map.of("name", "b"))));
    String marker = register(http, List.of("config.created")).get("webhook_id").asText();
    http.post(
        "/configs", Map.of("name", "marker", "config_data", Map.of("bundle", Map.of("name", "b"))));
    Receiver.await("the marker webhook got its event", () -> receiver.delivered().size() >= 1);
    Thread.sleep(300);
    assertThat(receiver.delivered()).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?::uuid",
                Integer.class,
                marker))
        .isEqualTo(1);
  }

  private static void assertRefused(Http http, Map<String, Object> body, String field) {
    Http.Response refused = http.post("/webhooks", body);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asText()).isEqualTo("/problems/webhook-validation");
    assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
  }
}
