package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabaseInitializer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Turns and streams do not starve the service: with only 4 request threads, ordinary requests are
 * answered while more turns than that run; and a client that stops reading its stream does not
 * stall the keepalives of other streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(
    properties = {
      "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY,
      "server.tomcat.threads.max=4",
      "server.tomcat.threads.min-spare=1",
      "amplifier.sessions.keepalive-millis=200",
      "TURN_STREAMS_MAX_PER_USER=4"
    })
@org.springframework.test.annotation.DirtiesContext
class StreamIsolationTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  final String user = "isolation-" + UUID.randomUUID();

  String session(Http http, long delayMillis) {
    return Turns.echoSession(http, delayMillis);
  }

  HttpRequest turn(String session, String route, String message) throws Exception {
    return Turns.turnRequest(port, user, session, route, message);
  }

  @Test
  void shouldAnswerOrdinaryRequestsWhileMoreTurnsRunThanThereAreRequestThreads() throws Exception {
    Http http = new Http(port).with("X-User-ID", user);
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String session = session(http, 400);
      running.add(
          client.sendAsync(
              turn(session, i % 2 == 0 ? "messages" : "stream", "one two three four five six"),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(500);

    for (int i = 0; i < 5; i++) {
      assertThat(http.get("/health").status()).isEqualTo(200);
      assertThat(http.get("/configs").status()).isEqualTo(200);
    }

    assertThat(running)
        .as("ordinary requests were answered while every turn still ran")
        .noneMatch(CompletableFuture::isDone);
    for (CompletableFuture<HttpResponse<String>> turn : running) {
      assertThat(turn.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldRefuseAUsersStreamPastTheCapAndLetOthersStream() throws Exception {
    String greedy = "greedy-" + UUID.randomUUID();
    Http http = new Http(port).with("X-User-ID", greedy);
    String session = session(http, 300);
    HttpClient client = HttpClient.newHttpClient();
    Http.Response started =
        http.post(
            "/sessions/" + session + "/turns",
            Map.of("message", "one two three four five six seven eight"));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String turnId = started.json().get("turn_id").asText();
    List<HttpResponse<java.io.InputStream>> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<java.io.InputStream> reader =
          client.send(events(session, turnId, greedy), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(reader.statusCode()).as("stream " + (i + 1)).isEqualTo(200);
      open.add(reader);
    }

    HttpResponse<String> refused =
        client.send(events(session, turnId, greedy), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("TURN_STREAMS_MAX_PER_USER");

    String other = session(new Http(port).with("X-User-ID", user), 0);
    HttpResponse<String> others =
        client.send(turn(other, "stream", "hello"), HttpResponse.BodyHandlers.ofString());
    assertThat(others.statusCode()).as("another user still streams").isEqualTo(200);

    for (HttpResponse<java.io.InputStream> stream : open) {
      stream.body().readAllBytes();
    }
    HttpResponse<String> after = null;
    for (int i = 0; i < 50 && (after == null || after.statusCode() != 200); i++) {
      Thread.sleep(100);
      after = client.send(events(session, turnId, greedy), HttpResponse.BodyHandlers.ofString());
    }
    assertThat(after.statusCode()).as("slots are given back when streams end").isEqualTo(200);
  }

  HttpRequest events(String session, String turnId, String who) {
    return HttpRequest.newBuilder(
            URI.create(
                "http://127.0.0.1:"
                    + port
                    + "/sessions/"
                    + session
                    + "/turns/"
                    + turnId
                    + "/events"))
        .header("X-User-ID", who)
        .timeout(Duration.ofSeconds(60))
        .GET()
        .build();
  }

  @Test
  void shouldKeepOtherStreamsAliveWhenOneClientStopsReading() throws Exception {
    Http http = new Http(port).with("X-User-ID", user);
    String flooded = session(http, 0);
    String body = JSON.writeValueAsString(Map.of("message", "a ".repeat(95_000)));
    try (Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(4096);
      stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      OutputStream out = stuck.getOutputStream();
      out.write(
          ("POST /sessions/"
                  + flooded
                  + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User-ID: "
                  + user
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(1_500);

      String quiet = session(http, 1_000);
      HttpResponse<java.io.InputStream> other =
          HttpClient.newHttpClient()
              .send(turn(quiet, "stream", "x y z"), HttpResponse.BodyHandlers.ofInputStream());
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(other.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          lines.add(line);
        }
      }

      assertThat(lines.stream().filter(": keepalive"::equals).count())
          .as("keepalives of a healthy stream while another client does not read")
          .isGreaterThanOrEqualTo(3);
      assertThat(
              lines.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow())
          .contains("\"done\"");
    }
  }
}
