package io.amplifier.appapi.users.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node's remembered API keys ({@link ApiKeys}) true to changes committed by any node:
 * holds one connection of the pool in {@code LISTEN} on {@value #CHANNEL}, to which the
 * application-view projection sends the application id of every change in its own transaction.
 * Every (re)connection first forgets every key (a change may have been missed meanwhile); while not
 * connected nothing is served from memory, so a broken listener costs a query per request, never a
 * stale key. The connection is checked every {@link #CHECK} by a query.
 */
@Component
class ApplicationChangeListener implements SmartLifecycle {

  static final String CHANNEL = "amplifier_application_changed";
  static final Duration CHECK = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Logger log = LoggerFactory.getLogger(ApplicationChangeListener.class);

  private final DataSource dataSource;
  private final ApiKeys keys;
  private volatile boolean running;
  private @Nullable Thread thread;

  ApplicationChangeListener(DataSource dataSource, ApiKeys keys) {
    this.dataSource = dataSource;
    this.keys = keys;
  }

  @Override
  public synchronized void start() {
    running = true;
    Thread listener = new Thread(this::listen, "application-change-listener");
    listener.setDaemon(true);
    listener.start();
    thread = listener;
  }

  @Override
  public synchronized void stop() {
    running = false;
    keys.forgetAll(false);
    Thread listener = thread;
    if (listener != null) {
      listener.interrupt();
      try {
        listener.join(CHECK.toMillis() * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
        keys.forgetAll(true);
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + CHECK.toNanos();
        while (running) {
          PGNotification[] arrived = notifications.getNotifications((int) POLL.toMillis());
          if (arrived != null) {
            for (PGNotification notification : arrived) {
              keys.forget(notification.getParameter());
            }
          }
          if (System.nanoTime() - nextCheck > 0) {
            try (Statement statement = connection.createStatement()) {
              statement.setQueryTimeout((int) CHECK.toSeconds());
              statement.execute("SELECT 1");
            }
            nextCheck = System.nanoTime() + CHECK.toNanos();
          }
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("UNLISTEN " + CHANNEL);
        }
      } catch (SQLException | RuntimeException e) {
        keys.forgetAll(false);
        if (running) {
          log.warn(
              "Not listening for application changes, API keys are checked by query: {}",
              e.toString());
          pause();
        }
      }
    }
    keys.forgetAll(false);
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
