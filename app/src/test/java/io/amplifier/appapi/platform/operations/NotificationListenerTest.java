package io.amplifier.appapi.platform.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.platform.api.Notifications;
import io.amplifier.appapi.platform.api.Notifications.Subscriber;
import io.amplifier.appapi.platform.api.Notifications.Subscription;
import io.amplifier.appapi.platform.projections.EventArrivals;
import io.amplifier.appapi.platform.projections.HeadAnnouncements;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The node's one {@link NotificationListener} serves every channel (the users module's application
 * changes and {@link EventArrivals}' positions) on one connection, and after that connection is
 * killed it reconnects, tells its subscribers, and both hears and sends notifications again.
 */
@ApiTest
class NotificationListenerTest {

  private static final String TEST_CHANNEL = "notification_listener_test";
  private static final List<String> MODULE_CHANNELS =
      List.of("amplifier_application_changed", EventArrivals.CHANNEL);
  private static final long LIMIT_MILLIS = 30_000;

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired NotificationListener listener;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldServeEveryChannelOnOneConnectionAndResumeAfterItIsKilled() throws Exception {
    assertThat(context.getBeansOfType(Notifications.class))
        .containsOnlyKeys("notificationListener");
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (Subscription subscription = listener.subscribe(TEST_CHANNEL, recorder(heard))) {
      assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("listening");
      awaitTrue(() -> listener.channels().contains(TEST_CHANNEL));
      assertThat(listener.channels()).containsAll(MODULE_CHANNELS);
      int pid = listener.backendPid().orElseThrow();
      int taken = listener.connectionsTaken();
      notify(TEST_CHANNEL, "before");
      assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("before");

      assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid))
          .isTrue();

      assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("notListening");
      assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("listening");
      awaitTrue(() -> listener.channels().contains(TEST_CHANNEL));
      assertThat(listener.channels()).containsAll(MODULE_CHANNELS);
      OptionalInt reconnected = listener.backendPid();
      assertThat(reconnected).isPresent().isNotEqualTo(OptionalInt.of(pid));
      assertThat(listener.connectionsTaken())
          .as("one connection in place of one")
          .isEqualTo(taken + 1);
      notify(TEST_CHANNEL, "after");
      assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("after");
      assertHeadAnnouncedAfterAWrite();
    }
  }

  @Test
  void shouldSendOnlyTheLastOfSendsBeforeItsNextTurnAndNoneAfterClose() throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    Subscription subscription = listener.subscribe(TEST_CHANNEL + "_2", recorder(heard));
    assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("listening");
    listener.send(TEST_CHANNEL + "_2", "sent");
    assertThat(heard.poll(LIMIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("sent");
    subscription.close();
    notify(TEST_CHANNEL + "_2", "too late");
    assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).isNull();
    awaitTrue(() -> !listener.channels().contains(TEST_CHANNEL + "_2"));
  }

  private static Subscriber recorder(BlockingQueue<String> heard) {
    return new Subscriber() {
      @Override
      public void received(String payload) {
        heard.add(payload);
      }

      @Override
      public void listening() {
        heard.add("listening");
      }

      @Override
      public void notListening() {
        heard.add("notListening");
      }
    };
  }

  private void notify(String channel, String payload) {
    jdbc.queryForList("SELECT pg_notify(?, ?)", channel, payload);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** {@link EventArrivals} still announces the head, now from the new connection. */
  private void assertHeadAnnouncedAfterAWrite() throws Exception {
    try (Connection other = dataSource.getConnection()) {
      HeadAnnouncements.assertAnnouncedAfterAWrite(
          other, jdbc, port, "listener-test", "reconnected", LIMIT_MILLIS);
      try (Statement statement = other.createStatement()) {
        statement.execute("UNLISTEN *");
      }
    }
  }
}
