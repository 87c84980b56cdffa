package io.amplifier.appapi.platform.api;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} for every module through one connection per node: modules
 * subscribe to channels, and one listener holds a single connection in {@code LISTEN} on all of
 * them, reconnecting (after a pause) whenever it breaks. A notification sent while the listener is
 * not connected is lost, so a subscriber that must not miss one resynchronises in {@link
 * Subscriber#listening()}. Part of the platform api (ADR 0014) because the connection belongs to no
 * module; the application provides the one instance.
 */
public interface Notifications {

  /**
   * Listens on {@code channel} (lower-case letters, digits and {@code _}, not starting with a
   * digit) for {@code subscriber} until the returned subscription is closed. Takes effect within
   * the listener's next turn, at once if it is connected, else when it (re)connects.
   */
  Subscription subscribe(String channel, Subscriber subscriber);

  /**
   * Sends {@code payload} on {@code channel} from the listener's connection within its next turn
   * (outside any transaction): a signal, not a message, since a later send on the same channel
   * before that turn replaces it. Kept until the listener is connected.
   */
  void send(String channel, String payload);

  /** What a subscriber hears; every call comes from the listener's one thread. */
  @FunctionalInterface
  interface Subscriber {

    /** A notification on the channel, with its payload (empty if none was sent). */
    void received(String payload);

    /**
     * The listener now listens on the channel (after every (re)connection): notifications sent from
     * now on arrive; any sent before may have been missed.
     */
    default void listening() {}

    /**
     * The listener's connection broke or it stopped: nothing arrives until {@link #listening()}.
     */
    default void notListening() {}
  }

  /** A subscription; once {@link #close()} returns, its subscriber is called no more. */
  interface Subscription extends AutoCloseable {

    @Override
    void close();
  }
}
