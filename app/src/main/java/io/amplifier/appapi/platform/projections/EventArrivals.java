package io.amplifier.appapi.platform.projections;

import io.amplifier.appapi.platform.api.Notifications;
import io.amplifier.appapi.platform.api.Notifications.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells the other nodes when the event store's head moves, so their projections apply a write made
 * here at once instead of after Axon's one-second fetch delay (a write whose segment another node
 * held waited 0.7-1 s for its read model). Uses the node's one {@link Notifications} listener on
 * {@value #CHANNEL}:
 *
 * <ul>
 *   <li>when this node has read the head past a position no node announced yet ({@link #seen}), it
 *       sends that position from the listener's connection: after the write's commit (the events
 *       were read), never inside a write's transaction, whose commit it would serialize, and at
 *       most once per {@link NotificationListener#POLL} however many writes;
 *   <li>when another node announces a position this node has not read, it wakes the event store's
 *       reader with an empty {@code publish}, which appends nothing and asks it to fetch.
 * </ul>
 *
 * A node that reads announced events does not announce them again. While the listener is down,
 * nodes fall back to the fetch delay: later, never lost.
 */
@Component
public class EventArrivals implements SmartLifecycle {

  public static final String CHANNEL = "amplifier_events";

  private final Notifications notifications;
  private final EventStore store;

  /** The highest position this node has read or any node announced. */
  private final AtomicLong announced = new AtomicLong(-1);

  /** The highest position this node has read. */
  private final AtomicLong read = new AtomicLong(-1);

  private volatile @Nullable Subscription subscription;

  EventArrivals(Notifications notifications, EventStore store) {
    this.notifications = notifications;
    this.store = store;
  }

  /** This node's reader passed {@code position} (called by the head watcher). */
  void seen(long position) {
    long head = read.accumulateAndGet(position, Math::max);
    for (long known = announced.get(); head > known; known = announced.get()) {
      if (announced.compareAndSet(known, head)) {
        notifications.send(CHANNEL, Long.toString(head));
        return;
      }
    }
  }

  @Override
  public synchronized void start() {
    if (subscription == null) {
      subscription = notifications.subscribe(CHANNEL, this::receive);
    }
  }

  @Override
  public synchronized void stop() {
    Subscription current = subscription;
    if (current != null) {
      current.close();
    }
    subscription = null;
  }

  @Override
  public boolean isRunning() {
    return subscription != null;
  }

  private void receive(String payload) {
    long position;
    try {
      position = Long.parseLong(payload);
    } catch (NumberFormatException ignored) {
      return; // not ours: only positions are sent on this channel
    }
    if (position > read.get()) {
      announced.accumulateAndGet(position, Math::max);
      store.publish(List.of()); // wakes the store's reader; appends nothing
    }
  }
}
