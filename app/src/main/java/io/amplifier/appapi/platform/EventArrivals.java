package io.amplifier.appapi.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells the other nodes when the event store's head moves, so their projections apply a write made
 * here at once instead of after Axon's one-second fetch delay (a write whose segment another node
 * held waited 0.7-1 s for its read model). One connection of the pool stays in {@code LISTEN} on
 * {@value #CHANNEL}:
 *
 * <ul>
 *   <li>when this node has read the head past a position no node announced yet ({@link #seen}), it
 *       sends {@code NOTIFY} with that position: after the write's commit (the events were read),
 *       never inside a write's transaction, whose commit it would serialize, and at most once per
 *       {@link #POLL} however many writes;
 *   <li>when another node announces a position this node has not read, it wakes the event store's
 *       reader with an empty {@code publish}, which appends nothing and asks it to fetch.
 * </ul>
 *
 * A node that reads announced events does not announce them again. While the listener is down,
 * nodes fall back to the fetch delay: later, never lost.
 */
@Component
class EventArrivals implements SmartLifecycle {

  static final String CHANNEL = "amplifier_events";
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration CHECK = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(EventArrivals.class);

  private final DataSource dataSource;
  private final EventStore store;

  /** The highest position this node has read or any node announced. */
  private final AtomicLong announced = new AtomicLong(-1);

  /** The highest position this node has read. */
  private final AtomicLong read = new AtomicLong(-1);

  private volatile boolean running;
  private @Nullable Thread thread;

  EventArrivals(DataSource dataSource, EventStore store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  /** This node's reader passed {@code position} (called by the head watcher). */
  void seen(long position) {
    read.accumulateAndGet(position, Math::max);
  }

  @Override
  public synchronized void start() {
    running = true;
    Thread listener = new Thread(this::listen, "event-arrivals");
    listener.setDaemon(true);
    listener.start();
    thread = listener;
  }

  @Override
  public synchronized void stop() {
    running = false;
    Thread listener = thread;
    if (listener != null) {
      listener.interrupt();
    }
    thread = null;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + CHECK.toNanos();
        while (running) {
          PGNotification[] arrived = notifications.getNotifications((int) POLL.toMillis());
          if (arrived != null && arrived.length > 0) {
            receive(arrived);
          }
          long head = read.get();
          long known = announced.get();
          if (head > known && announced.compareAndSet(known, head)) {
            try (Statement statement = connection.createStatement()) {
              statement.execute("NOTIFY " + CHANNEL + ", '" + head + "'");
            }
            nextCheck = System.nanoTime() + CHECK.toNanos();
          } else if (System.nanoTime() - nextCheck > 0) {
            try (Statement statement = connection.createStatement()) {
              statement.setQueryTimeout((int) CHECK.toSeconds());
              statement.execute("SELECT 1");
            }
            nextCheck = System.nanoTime() + CHECK.toNanos();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.debug(
              "Not listening for other nodes' events, retrying in a second: {}", e.toString());
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
      }
    }
  }

  private void receive(PGNotification[] arrived) {
    long highest = -1;
    for (PGNotification notification : arrived) {
      try {
        highest = Math.max(highest, Long.parseLong(notification.getParameter()));
      } catch (NumberFormatException ignored) {
        // not ours: only positions are sent on this channel
      }
    }
    if (highest > read.get()) {
      announced.accumulateAndGet(highest, Math::max);
      store.publish(List.of()); // wakes the store's reader; appends nothing
    }
  }
}
