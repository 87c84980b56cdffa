package io.amplifier.appapi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.audit.api.AccessRefusedEvent;
import io.amplifier.appapi.audit.api.AuditEvent;
import io.amplifier.appapi.audit.api.DeadLetterEvictedEvent;
import io.amplifier.appapi.audit.api.DeadLetterRetriedEvent;
import io.amplifier.appapi.audit.api.ProjectionRebuildStartedEvent;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeEvent;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.sessions.McpTestServer;
import io.amplifier.appapi.sessions.Turns;
import io.amplifier.appapi.sessions.api.*;
import io.amplifier.appapi.users.api.*;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every event type of every module carries who caused it: a table of one scenario per event type,
 * checked against the sealed event hierarchies, so a new event type without a row here fails.
 */
@ApiTest
class EventActorMetadataTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<Class<?>> HIERARCHIES =
      List.of(
          ConfigEvent.class,
          RecipeEvent.class,
          SessionEvent.class,
          ApplicationEvent.class,
          UserEvent.class,
          AuditEvent.class);

  /** Facts that belong to no entity hierarchy, listed here by hand. */
  static final List<Class<?>> OTHERS = List.of(MasterKeysRotatedEvent.class);

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired CommandGateway commands;
  @Autowired EventProcessingConfiguration processing;
  @Autowired TransactionManager transactions;

  /** What produced the event and which actor kind it must show. */
  record Expect(String actor, boolean caused) {}

  static final Expect USER = new Expect("user", false);
  static final Expect ADMIN = new Expect("admin", false);
  static final Expect SYSTEM = new Expect("system", true);
  static final Expect CALLER = new Expect("user|admin", false);

  @Test
  void everyEventTypeOfEveryModuleCarriesItsActor() throws Exception {
    String owner = "actor-" + UUID.randomUUID();
    Http user = new Http(port).with("X-User-ID", owner);
    Http admin = new Http(port);
    Map<Class<?>, Expect> table = new LinkedHashMap<>();
    table.put(ConfigCreatedEvent.class, USER);
    table.put(ConfigUpdatedEvent.class, USER);
    table.put(ConfigSecretsRevealedEvent.class, USER);
    table.put(ConfigDeletedEvent.class, USER);
    table.put(RecipeCreatedEvent.class, USER);
    table.put(RecipeUpdatedEvent.class, USER);
    table.put(RecipeDeletedEvent.class, USER);
    table.put(SessionStartedEvent.class, USER);
    table.put(SessionMessageSubmittedEvent.class, USER);
    table.put(SessionReplyRecordedEvent.class, USER);
    table.put(SessionToolCalledEvent.class, USER);
    table.put(SessionApprovalRequestedEvent.class, USER);
    table.put(SessionToolResultRequestedEvent.class, USER);
    table.put(SessionToolResultSubmittedEvent.class, USER);
    table.put(
        SessionApprovalDecidedEvent.class, new Expect("user|system", false)); // system: timed out
    table.put(
        SessionTurnFailedEvent.class, new Expect("user|system", false)); // system: a lapsed lease
    table.put(SessionTurnCancelRequestedEvent.class, USER);
    table.put(SessionStatusChangedEvent.class, USER);
    table.put(SessionParticipantSetEvent.class, USER);
    table.put(SessionParticipantRemovedEvent.class, USER);
    table.put(SessionDeletedEvent.class, USER);
    table.put(SessionClosedEvent.class, SYSTEM);
    table.put(SessionTurnEnqueuedEvent.class, USER);
    table.put(SessionTurnRolledBackEvent.class, USER);
    table.put(SessionTurnDequeuedEvent.class, SYSTEM); // a queued turn of a session closed since
    table.put(ApplicationRegisteredEvent.class, ADMIN);
    table.put(ApplicationKeyRegeneratedEvent.class, ADMIN);
    table.put(ApplicationDeletedEvent.class, ADMIN);
    table.put(UserFirstSeenEvent.class, CALLER);
    table.put(AccessRefusedEvent.class, USER);
    table.put(ProjectionRebuildStartedEvent.class, ADMIN);
    table.put(DeadLetterEvictedEvent.class, ADMIN);
    table.put(DeadLetterRetriedEvent.class, ADMIN);
    table.put(MasterKeysRotatedEvent.class, ADMIN);
    table.put(UserSeenAgainEvent.class, new Expect("system", false));
    table.put(io.amplifier.appapi.sessions.api.SessionUsageRecordedEvent.class, USER);
    table.put(io.amplifier.appapi.sessions.api.SessionContextMeasuredEvent.class, USER);
    table.put(io.amplifier.appapi.sessions.api.SessionContextCompactedEvent.class, USER);
    table.put(io.amplifier.appapi.users.api.ApplicationQuotaSetEvent.class, ADMIN);
    table.put(io.amplifier.appapi.users.api.UserQuotaSetEvent.class, ADMIN);

    Set<Class<?>> all =
        HIERARCHIES.stream()
            .flatMap(h -> Arrays.stream(h.getPermittedSubclasses()))
            .collect(Collectors.toCollection(java.util.HashSet::new));
    all.addAll(OTHERS);
    assertThat(table.keySet())
        .as("every event type needs a row in this table")
        .containsExactlyInAnyOrderElementsOf(all);

    long start =
        jdbc.queryForObject(
            "SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
    // configs: create, update, reveal; a session from it, closed by the system when it is deleted
    Map<String, Object> data =
        Turns.document("a", "provider-echo", Map.of("delay_ms", 200, "api_key", "sk-1"));
    String config = Turns.configId(user, "a", data);
    user.put("/configs/" + config, Map.of("name", "b"));
    user.get("/configs/" + config + "?decrypt=true");
    String session =
        user.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    user.post("/sessions/" + session + "/messages", Map.of("message", "hi"));
    // a tool turn: the echo model calls a tool of a real MCP server, once approved
    try (McpTestServer mcp = new McpTestServer()) {
      Map<String, Object> tooled =
          Map.of(
              "bundle",
              Map.of("name", "t"),
              "providers",
              List.of(Map.of("module", "provider-echo", "config", Map.of())),
              "tools",
              List.of(Turns.mcpTool(Map.of("url", mcp.url()))),
              // the call waits for an approval nobody gives: the system denies it after 1 s
              "approvals",
              Map.of("default", "ask"),
              "approval_timeout",
              1);
      String toolSession = Turns.sessionOn(user, "t", tooled);
      user.post(
          "/sessions/" + toolSession + "/messages",
          Map.of("message", "call add {\"a\": 1, \"b\": 2}"));
      // a client-side tool: the turn waits for the client's result
      String clientTurn =
          user.post(
                  "/sessions/" + session + "/turns",
                  Map.of(
                      "message",
                      "call lookup {}",
                      "tools",
                      List.of(Map.of("name", "lookup", "description", "client"))))
              .json()
              .get("turn_id")
              .asText();
      String clientTurnPath = "/sessions/" + session + "/turns/" + clientTurn;
      JsonNode waiting = user.get(clientTurnPath).json();
      for (int i = 0; i < 100 && !waiting.get("status").asText().equals("requires_action"); i++) {
        Thread.sleep(100);
        waiting = user.get(clientTurnPath).json();
      }
      String callId = waiting.get("pending_tool_calls").get(0).get("call_id").asText();
      user.post(
          clientTurnPath + "/tool-results", List.of(Map.of("call_id", callId, "output", "7")));
      for (int i = 0;
          i < 100 && !user.get(clientTurnPath).json().get("status").asText().equals("completed");
          i++) {
        Thread.sleep(100);
      }
    }
    user.post(
        "/sessions/" + session + "/participants",
        Map.of("user_id", "friend-" + owner, "role", "viewer"));
    user.delete("/sessions/" + session + "/participants/friend-" + owner);
    CompletableFuture<Http.Response> running =
        CompletableFuture.supplyAsync(
            () ->
                user.post(
                    "/sessions/" + session + "/messages",
                    Map.of("message", "one two three four five six seven")));
    long deadline = System.currentTimeMillis() + 5000;
    while (user.post("/sessions/" + session + "/cancel", null).status() != 200
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    running.get();
    // double-texting: a rollback queues its message and drops the running turn; a turn queued in a
    // session completed meanwhile is dropped by the system once the running turn ends
    String texting =
        user.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    Turns.startTurn(user, texting, "one two three four five six seven");
    Http.Response rolledBack =
        user.post(
            "/sessions/" + texting + "/messages",
            Map.of("message", "instead", "multitask_strategy", "rollback"));
    assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
    Turns.startTurn(user, texting, "one two three four five six seven");
    Http.Response queued =
        user.post(
            "/sessions/" + texting + "/turns",
            Map.of("message", "later", "multitask_strategy", "enqueue"));
    assertThat(queued.json().get("status").asText()).as(queued.toString()).isEqualTo("queued");
    user.post("/sessions/" + texting + "/complete", null);
    for (int i = 0;
        i < 100 && !Turns.sessionEvents(jdbc, texting).contains("sessions.SessionTurnDequeued");
        i++) {
      Thread.sleep(100);
    }
    user.post("/sessions/" + session + "/complete", null);
    String doomed =
        user.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    user.delete("/configs/" + config);
    // a turn that fails: the provider cannot be reached
    Map<String, Object> broken =
        Turns.document(
            "b",
            "provider-openai",
            Map.of("model", "gpt", "api_key", "sk-x", "base_url", "http://127.0.0.1:9/v1"));
    String failing = Turns.sessionOn(user, "b", broken);
    user.post("/sessions/" + failing + "/messages", Map.of("message", "hi"));
    user.delete("/sessions/" + failing);
    // a session whose context window is small enough to be compacted by its own (echo) provider
    Map<String, Object> compacting =
        new java.util.HashMap<>(Turns.document("c", "provider-echo", Map.of()));
    compacting.put(
        "session",
        Map.of("context", Map.of("config", Map.of("max_tokens", 120, "auto_compact", true))));
    String compacted = Turns.sessionOn(user, "c", compacting);
    for (int i = 0;
        i < 30
            && !Turns.sessionEvents(jdbc, compacted).contains("sessions.SessionContextCompacted");
        i++) {
      user.post(
          "/sessions/" + compacted + "/messages",
          Map.of("message", "message " + i + " of a session that grows past its window"));
    }
    // recipes
    Map<String, Object> recipe = Recipes.oneBashStep("r-" + owner);
    String recipeId =
        user.post("/api/recipes/", Map.of("recipe_data", recipe)).json().get("recipe_id").asText();
    user.put("/api/recipes/" + recipeId, Map.of("recipe_data", recipe, "tags", Map.of("k", "v")));
    user.delete("/api/recipes/" + recipeId);
    // applications, by the (dev-mode) admin
    String app = "audit-" + UUID.randomUUID().toString().substring(0, 8);
    admin.post("/applications", Map.of("app_id", app, "app_name", "A"));
    admin.post("/applications/" + app + "/regenerate-key", null);
    admin.put("/applications/" + app + "/quota", Map.of("monthly_tokens", 1_000_000));
    admin.put("/users/" + owner + "/quota?app_id=" + app, Map.of("monthly_tokens", 1_000_000));
    admin.delete("/applications/" + app);
    // audit facts: a refused read, a key rotation, a rebuild
    String kept = Turns.configId(user, "kept", data);
    new Http(port).with("X-User-ID", "nosy-" + owner).get("/configs/" + kept);
    admin.post("/admin/keys/rotate", null);
    admin.post("/admin/projections/recipe-view/rebuild", null);
    // dead letters: an admin evicts a sequence and retries a group
    String sequence = "actor-dead-letter-" + owner;
    transactions.executeInTransaction(
        () ->
            processing
                .deadLetterQueue("audit-log")
                .orElseThrow()
                .enqueue(
                    sequence,
                    new GenericDeadLetter<>(
                        sequence,
                        GenericEventMessage.asEventMessage(
                            new ConfigDeletedEvent(ConfigId.random())),
                        new IllegalStateException("test"))));
    assertThat(admin.delete("/admin/dead-letters/audit-log/" + sequence).status()).isEqualTo(200);
    assertThat(admin.post("/admin/dead-letters/audit-log/retry", null).status()).isEqualTo(200);
    // outside any request (a job, a test thread) the service acts as itself
    commands.sendAndWait(new RecordUserSeenCommand(owner, "another-app"));

    for (Map.Entry<Class<?>, Expect> row : table.entrySet()) {
      List<JsonNode> appended = metadataSince(row.getKey(), start);
      String name = row.getKey().getSimpleName();
      assertThat(appended).as("no %s was appended", name).isNotEmpty();
      for (JsonNode metadata : appended) {
        for (String key : List.of("userId", "appId", "requestId", "actor")) {
          assertThat(metadata.path(key).asText(""))
              .as(name + " " + key + " in " + metadata)
              .isNotBlank();
        }
        assertThat(metadata.get("actor").asText()).as(name).matches(row.getValue().actor());
        if (row.getValue().caused() || !metadata.path("causationId").isMissingNode()) {
          String cause = metadata.path("causationId").asText("");
          assertThat(cause).as(name + " names the event that caused it").isNotBlank();
          assertThat(metadata.get("actor").asText()).isEqualTo("system");
          assertThat(metadata.get("userId").asText()).isEqualTo("#system");
          if (row.getValue().caused()) {
            assertThat(
                    jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE eventidentifier = ?",
                        Long.class,
                        cause))
                .isEqualTo(1L);
          }
        }
      }
    }
    assertThat(doomed).isNotBlank();
  }

  private List<JsonNode> metadataSince(Class<?> type, long start) throws Exception {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (String row :
        jdbc.queryForList(
            "SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE payloadtype = ?"
                + " AND globalindex > ? ORDER BY globalindex",
            String.class,
            io.amplifier.appapi.platform.eventstore.EventTypeNames.nameOf(type),
            start)) {
      found.add(JSON.readTree(row));
    }
    return found;
  }
}
