package io.amplifier.appapi.platform.operations;

import io.amplifier.appapi.platform.api.Notifications;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one {@link Notifications} of this node: one daemon thread holds one connection of the pool in
 * {@code LISTEN} on every subscribed channel. Each turn it listens on new channels, waits up to
 * {@link #POLL} for notifications and hands them to their subscribers, then sends what {@link
 * #send} left; a connection that sent nothing for {@link #CHECK} is checked by a query. When the
 * connection breaks, every subscriber hears {@link Subscriber#notListening()} and the thread
 * reconnects after {@link #RETRY}.
 */
@Component
class NotificationListener implements Notifications, SmartLifecycle {

  static final Duration POLL = Duration.ofMillis(20);
  static final Duration CHECK = Duration.ofSeconds(5);
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);

  private final DataSource dataSource;
  private final List<Channel> subscriptions = new CopyOnWriteArrayList<>();
  private final Map<String, String> outgoing = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Set<String> listening = Set.of();
  private volatile int backend;
  private volatile boolean running;
  private @Nullable Thread thread;

  NotificationListener(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Subscription subscribe(String channel, Subscriber subscriber) {
    Channel subscription = new Channel(checked(channel), subscriber);
    subscriptions.add(subscription);
    return subscription;
  }

  @Override
  public void send(String channel, String payload) {
    outgoing.put(checked(channel), payload);
  }

  /** The backend process id of the connection in {@code LISTEN}, if connected. */
  OptionalInt backendPid() {
    int pid = backend;
    return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
  }

  /** The channels the connection listens on now. */
  Set<String> channels() {
    return listening;
  }

  /** How many connections this listener has taken from the pool since it was made. */
  int connectionsTaken() {
    return connections.get();
  }

  @Override
  public synchronized void start() {
    running = true;
    Thread listener = new Thread(this::listen, "notification-listener");
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

  private static String checked(String channel) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("Not a plain lower-case channel name: " + channel);
    }
    return channel;
  }

  private boolean active() {
    return running && !Thread.currentThread().isInterrupted();
  }

  private void listen() {
    while (active()) {
      List<Channel> live = new ArrayList<>();
      try (Connection connection = dataSource.getConnection()) {
        connections.incrementAndGet();
        connection.setAutoCommit(true);
        try {
          serve(connection, live);
        } finally {
          backend = 0;
          listening = Set.of();
          live.forEach(Channel::notListening);
          unlistenAll(connection);
        }
      } catch (SQLException | RuntimeException e) {
        if (active()) {
          log.warn(
              "Not listening for notifications, retrying in {} s: {}",
              RETRY.toSeconds(),
              e.toString());
          pause();
        }
      }
    }
  }

  private void serve(Connection connection, List<Channel> live) throws SQLException {
    backend = backendPid(connection);
    PGConnection notifications = connection.unwrap(PGConnection.class);
    Set<String> channels = new HashSet<>();
    long nextCheck = System.nanoTime() + CHECK.toNanos();
    while (active()) {
      follow(connection, live, channels);
      PGNotification[] arrived = notifications.getNotifications((int) POLL.toMillis());
      if (arrived != null) {
        for (PGNotification notification : arrived) {
          for (Channel subscription : live) {
            if (subscription.name.equals(notification.getName())) {
              subscription.received(notification.getParameter());
            }
          }
        }
      }
      if (sendOutgoing(connection)) {
        nextCheck = System.nanoTime() + CHECK.toNanos();
      } else if (System.nanoTime() - nextCheck > 0) {
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout((int) CHECK.toSeconds());
          statement.execute("SELECT 1");
        }
        nextCheck = System.nanoTime() + CHECK.toNanos();
      }
    }
  }

  /** Listens on the channels of new subscriptions and tells them; stops on abandoned channels. */
  private void follow(Connection connection, List<Channel> live, Set<String> channels)
      throws SQLException {
    live.removeIf(Channel::isClosed);
    Set<String> wanted = new HashSet<>();
    boolean changed = false;
    for (Channel subscription : subscriptions) {
      wanted.add(subscription.name);
      if (!live.contains(subscription)) {
        if (channels.add(subscription.name)) {
          execute(connection, "LISTEN " + subscription.name);
          changed = true;
        }
        live.add(subscription);
        subscription.listening();
      }
    }
    for (String channel : List.copyOf(channels)) {
      if (!wanted.contains(channel)) {
        execute(connection, "UNLISTEN " + channel);
        channels.remove(channel);
        changed = true;
      }
    }
    if (changed) {
      listening = Set.copyOf(channels);
    }
  }

  private boolean sendOutgoing(Connection connection) throws SQLException {
    boolean sent = false;
    for (String channel : outgoing.keySet()) {
      String payload = outgoing.remove(channel);
      if (payload != null) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
          statement.setString(1, channel);
          statement.setString(2, payload);
          statement.execute();
        }
        sent = true;
      }
    }
    return sent;
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
      result.next();
      return result.getInt(1);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Leaves the connection listening on nothing before it goes back to the pool. */
  private static void unlistenAll(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      statement.execute("UNLISTEN *");
    } catch (SQLException e) {
      log.debug("Could not unlisten (the pool drops a broken connection): {}", e.toString());
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One subscription: its callbacks and {@link #close()} exclude each other. */
  private final class Channel implements Subscription {

    final String name;
    private final Subscriber subscriber;
    private boolean closed;

    Channel(String name, Subscriber subscriber) {
      this.name = name;
      this.subscriber = subscriber;
    }

    synchronized boolean isClosed() {
      return closed;
    }

    synchronized void received(String payload) {
      if (!closed) {
        call(() -> subscriber.received(payload));
      }
    }

    synchronized void listening() {
      if (!closed) {
        call(subscriber::listening);
      }
    }

    synchronized void notListening() {
      if (!closed) {
        call(subscriber::notListening);
      }
    }

    private void call(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.warn("A subscriber to {} failed: {}", name, e.toString());
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        closed = true;
      }
      subscriptions.remove(this);
    }
  }
}
