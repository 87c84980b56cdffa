package io.amplifier.appapi.platform.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections are pooled streaming processors reading through {@link ProjectionEventSource},
 * whose streams signal new events (Axon's embedded store does not, and a pooled coordinator without
 * that signal only polls every 500 ms).
 */
@ApiTest
class ProjectionEventSourceTest {

  /** The streaming projections; the inline views are subscribing (ADR 23). */
  private static final List<String> PROJECTIONS =
      List.of("session-config-closer", "user-view", "audit-log");

  @LocalServerPort int port;
  @Autowired ProjectionEventSource source;
  @Autowired EventProcessingConfiguration processing;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldRunEveryProjectionAsAPooledProcessor() {
    for (String name : PROJECTIONS) {
      EventProcessor processor = processing.eventProcessor(name).orElseThrow();
      assertThat(processor).as(name).isInstanceOf(PooledStreamingEventProcessor.class);
      assertThat(processor.isRunning()).as(name).isTrue();
    }
    for (String name : InlineViews.NAMES) {
      EventProcessor processor = processing.eventProcessor(name).orElseThrow();
      assertThat(processor)
          .as(name)
          .isInstanceOf(org.axonframework.eventhandling.SubscribingEventProcessor.class);
      assertThat(InlineViews.isInline(processor)).as(name).isTrue();
    }
  }

  @Test
  void shouldSignalAStreamWhenAWriteAppendsEvents() throws Exception {
    CountDownLatch signalled = new CountDownLatch(1);
    try (BlockingStream<TrackedEventMessage<?>> stream =
        source.openStream(source.createHeadToken())) {
      assertThat(stream.setOnAvailableCallback(signalled::countDown)).isTrue();
      Http.Response created =
          new Http(port)
              .with("X-User-ID", "signal-test")
              .post(
                  "/configs",
                  Map.of(
                      "name",
                      "signalled",
                      "config_data",
                      Turns.document("b", "provider-echo", Map.of())));
      assertThat(created.status()).isEqualTo(201);
      assertThat(signalled.await(30, TimeUnit.SECONDS)).as("the stream was told").isTrue();
      assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Other nodes hear of a write at once: this node announces the head it read, after commit. */
  @Test
  void shouldAnnounceTheHeadToOtherNodesAfterAWrite() throws Exception {
    try (Connection listener = dataSource.getConnection()) {
      HeadAnnouncements.assertAnnouncedAfterAWrite(
          listener, jdbc, port, "announce-test", "announced", 30_000);
    }
  }
}
