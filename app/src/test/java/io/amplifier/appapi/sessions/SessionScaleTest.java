package io.amplifier.appapi.sessions;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Reads of a session of 20,000 events (10,000 turns, written in one command) cost what they return,
 * not what the session holds: an as-of read folds the events once, a stranger's history read is
 * refused on the first event, a history page reads up to its last event, and a fork that could not
 * be copied is refused on an outline. Each is measured by what the request threads allocate,
 * against the same read of a session of 200 events (or an early version); a read that grows with
 * the session (or with its square) misses the bound.
 */
@ApiTest
class SessionScaleTest {

  private static final Logger log = LoggerFactory.getLogger(SessionScaleTest.class);
  static final int TURNS = Integer.getInteger("scale.turns", 10_000);
  static final String OWNER = "scale-owner-" + UUID.randomUUID();

  /** Sessions written once per JVM: a large one and a small one, same owner and config. */
  static String large;

  static String small;

  @LocalServerPort int port;
  @Autowired CommandGateway commands;
  @Autowired QueryGateway queries;
  Http owner;
  Http stranger;

  @BeforeEach
  void setUp() {
    owner = new Http(port).with("X-User-ID", OWNER);
    stranger = new Http(port).with("X-User-ID", "scale-stranger-" + UUID.randomUUID());
    synchronized (SessionScaleTest.class) {
      if (large == null) {
        Map<String, Object> data =
            Map.of(
                "bundle",
                Map.of("name", "b"),
                "providers",
                List.of(Map.of("module", "provider-echo")));
        String config =
            owner
                .post("/configs", Map.of("name", "scale", "config_data", data))
                .json()
                .get("config_id")
                .asText();
        long started = System.nanoTime();
        large = write(config, TURNS);
        log.info(
            "Wrote and projected {} events in {} ms",
            2 * TURNS + 1,
            (System.nanoTime() - started) / 1e6);
        small = write(config, 100);
      }
    }
  }

  /** A session of {@code turns} answered turns (2 events each, after the start), in one command. */
  private String write(String config, int turns) {
    SessionId id = SessionId.random();
    List<TranscriptEntry> transcript = new ArrayList<>(2 * turns);
    String text =
        "a message of a long conversation, some eighty characters long, or thereabouts. ".repeat(5);
    for (int t = 1; t <= turns; t++) {
      String turn = UUID.randomUUID().toString();
      transcript.add(new TranscriptEntry(2 * t - 1, "user", text, turn, false, null, null));
      transcript.add(new TranscriptEntry(2 * t, "assistant", text, turn, false, null, null));
    }
    commands.sendAndWait(
        new StartSessionCommand(id, OWNER, config, Map.of(), Map.of(), null, null, transcript));
    // session-view is asynchronous: wait (bounded) until it has caught up with the whole write.
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (queries
        .query(
            new FindSessionQuery(id, OWNER, 2L * turns),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join()
        .filter(v -> v.version() >= 2L * turns)
        .isEmpty()) {
      assertThat(System.nanoTime()).as("session-view caught up").isLessThan(deadline);
    }
    return id.value().toString();
  }

  /**
   * Runs {@code large} and {@code small} in turns, three times each, and asserts that the least the
   * request threads allocated for {@code large} is within {@code slackBytes} of the least for
   * {@code small}: a read whose work grows with the session allocates in proportion.
   */
  private static void assertBounded(
      String what,
      Supplier<Http.Response> large,
      int largeStatus,
      Supplier<Http.Response> small,
      int smallStatus,
      long slackBytes) {
    long largeBytes = Long.MAX_VALUE;
    long smallBytes = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      largeBytes = Math.min(largeBytes, allocated(large, largeStatus));
      smallBytes = Math.min(smallBytes, allocated(small, smallStatus));
    }
    log.info("{}: {} bytes (large), {} bytes (small)", what, largeBytes, smallBytes);
    assertThat(largeBytes)
        .as(what + ": bytes allocated by the large read, against " + smallBytes + " by the small")
        .isLessThan(smallBytes + slackBytes);
  }

  /** Bytes the server's request threads allocated while answering {@code read}. */
  private static long allocated(Supplier<Http.Response> read, int status) {
    long before = requestThreadBytes();
    Http.Response response = read.get();
    long bytes = requestThreadBytes() - before;
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return bytes;
  }

  private static long requestThreadBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("http-nio-")) {
        total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return total;
  }

  @Test
  void shouldFoldAnAsOfReadOfTwentyThousandEventsInOnePass() {
    String version = String.valueOf(2 * TURNS);
    Http.Response then =
        owner.get("/sessions/" + large + "/messages?version=" + version + "&after=19990");
    assertThat(then.status()).as(then.toString()).isEqualTo(200);
    JsonNode messages = then.json().get("messages");
    assertThat(messages).hasSize(10);
    assertThat(messages.get(9).get("seq").asInt()).isEqualTo(2 * TURNS);

    // Both fold all 20,001 events; the early version copies the transcript only 10 times, so a
    // copy per event (the square: some 800 MB) shows as the difference.
    assertBounded(
        "as-of read",
        () -> owner.get("/sessions/" + large + "/messages?version=" + version),
        200,
        () -> owner.get("/sessions/" + large + "/messages?version=10"),
        200,
        64L << 20);
  }

  @Test
  void shouldRefuseAStrangersHistoryReadBeforeReadingTheEvents() {
    Http.Response refused = stranger.get("/sessions/" + large + "/history");
    assertProblem(refused, 404, "/problems/not-found");

    assertBounded(
        "refused history read",
        () -> stranger.get("/sessions/" + large + "/history"),
        404,
        () -> stranger.get("/sessions/" + small + "/history"),
        404,
        16L << 20);
  }

  @Test
  void shouldReadAHistoryPageUpToItsLastEventOnly() {
    Http.Response page = owner.get("/sessions/" + large + "/history?limit=10");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().get("events")).hasSize(10);
    assertThat(page.json().get("total").asLong()).isEqualTo(2 * TURNS + 1);
    assertThat(page.json().get("next_after").asLong()).isEqualTo(9);

    assertBounded(
        "history page",
        () -> owner.get("/sessions/" + large + "/history?limit=10"),
        200,
        () -> owner.get("/sessions/" + small + "/history?limit=10"),
        200,
        16L << 20);
  }

  @Test
  void shouldRefuseAForkTooLargeBeforeLoadingTheTranscript() {
    Http.Response refused = owner.post("/sessions/" + large + "/fork", Map.of());
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.body()).contains("after_turn");

    // Against a fork that copies all of a small session (200 messages): refusing the large one
    // costs less than copying 200 messages, never loading 20,000.
    assertBounded(
        "refused fork",
        () -> owner.post("/sessions/" + large + "/fork", Map.of()),
        422,
        () -> owner.post("/sessions/" + small + "/fork", Map.of()),
        201,
        0);
  }
}
