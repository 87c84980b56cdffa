package io.amplifier.appapi.users;

import static io.amplifier.appapi.users.AuthenticationTest.assert401;
import static io.amplifier.appapi.users.AuthenticationTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.Http;
import io.amplifier.appapi.SecondNode;
import io.amplifier.appapi.configs.ConfigApiTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Accepted API keys are remembered in memory on each node, and every change of their application
 * drops them: on the node that answered the change before it answers, and on another node (a second
 * application context on the same database, node B) as soon as the projection's NOTIFY arrives,
 * well inside the memory's 60 s safety limit. That a remembered key costs no query until its
 * application changes is users-module's {@code ApiKeysTest}.
 */
@AuthTest
class ApiKeyMemoryTest {

  /** Far below the 60 s a remembered key lives at most: only the NOTIFY can meet it. */
  private static final long PROPAGATION_LIMIT_MILLIS = 15_000;

  static ConfigurableApplicationContext nodeB;
  static int portB;

  @LocalServerPort int port;
  Http admin;
  final String user = "memory-" + UUID.randomUUID();

  @BeforeAll
  static void startNodeB() {
    nodeB =
        SecondNode.start(
            "AUTH_REQUIRED=true",
            "TURN_PARKED_SWEEP_MILLIS=0",
            "AUTH_MODE=api_key_jwt",
            "SECRET_KEY=" + AuthTest.SECRET,
            "ADMIN_API_KEY=" + AuthTest.ADMIN_KEY,
            "JWT_ISSUER=" + AuthTest.ISSUER,
            "JWT_AUDIENCE=" + AuthTest.AUDIENCE);
    portB = SecondNode.port(nodeB);
  }

  @AfterAll
  static void stopNodeB() {
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @BeforeEach
  void setUp() {
    admin = new Http(port).with("X-API-Key", AuthTest.ADMIN_KEY);
  }

  String register(String appId) {
    return ApplicationApiTest.register(admin, appId);
  }

  Http as(int onPort, String key) {
    return new Http(onPort).with("X-API-Key", key).with("Authorization", "Bearer " + token(user));
  }

  /** Asks until the answer is 401 (or the limit passes) and returns the last answer. */
  static Http.Response awaitRefusal(Http http) throws InterruptedException {
    long deadline = System.nanoTime() + PROPAGATION_LIMIT_MILLIS * 1_000_000;
    Http.Response answer = http.get("/configs");
    while (answer.status() != 401 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      answer = http.get("/configs");
    }
    return answer;
  }

  @Test
  void shouldRefuseARegeneratedKeyAtOnceHereAndPromptlyOnTheOtherNode() throws Exception {
    String appId = "memory-rotate-" + UUID.randomUUID();
    String old = register(appId);
    for (int i = 0; i < 3; i++) {
      assertThat(as(port, old).get("/configs").status()).isEqualTo(200);
      assertThat(as(portB, old).get("/configs").status()).isEqualTo(200);
    }

    String fresh =
        admin
            .post("/applications/" + appId + "/regenerate-key", null)
            .json()
            .get("api_key")
            .asText();

    assert401(as(port, old).get("/configs"), "Invalid API key");
    assert401(awaitRefusal(as(portB, old)), "Invalid API key");
    assertThat(as(port, fresh).get("/configs").status()).isEqualTo(200);
    assertThat(as(portB, fresh).get("/configs").status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseADeletedApplicationsKeyAtOnceOnTheNodeThatDeletedItAndPromptlyHere()
      throws Exception {
    String appId = "memory-delete-" + UUID.randomUUID();
    String key = register(appId);
    assertThat(as(port, key).post("/configs", ConfigApiTest.config("kept")).status())
        .isEqualTo(201);
    assertThat(as(portB, key).get("/configs").status()).isEqualTo(200);

    Http.Response deleted =
        new Http(portB).with("X-API-Key", AuthTest.ADMIN_KEY).delete("/applications/" + appId);
    assertThat(deleted.status()).isEqualTo(200);

    assert401(as(portB, key).get("/configs"), "disabled");
    assert401(awaitRefusal(as(port, key)), "disabled");
  }

  @Test
  void shouldRememberOnlyTheVerifiedTokenItself() {
    String key = register("memory-token-" + UUID.randomUUID());
    String jwt = token(user);
    Http http = new Http(port).with("X-API-Key", key);
    assertThat(http.with("Authorization", "Bearer " + jwt).get("/configs").status()).isEqualTo(200);

    String forged = jwt.substring(0, jwt.length() - 2) + (jwt.endsWith("A") ? "BB" : "AA");
    assert401(http.with("Authorization", "Bearer " + forged).get("/configs"), "Invalid token");
    assertThat(http.with("Authorization", "Bearer " + jwt).get("/configs").status()).isEqualTo(200);
  }
}
