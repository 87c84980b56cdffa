package io.amplifier.appapi.users.query;

import io.amplifier.appapi.platform.api.Notifications;
import io.amplifier.appapi.platform.api.Notifications.Subscriber;
import io.amplifier.appapi.platform.api.Notifications.Subscription;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node's remembered API keys ({@link ApiKeys}) true to changes committed by any node:
 * subscribes to {@value #CHANNEL} on the node's one {@link Notifications} listener, to which the
 * application-view projection sends the application id of every change in its own transaction.
 * Every (re)connection first forgets every key (a change may have been missed meanwhile); while not
 * connected nothing is served from memory, so a broken listener costs a query per request, never a
 * stale key.
 */
@Component
class ApplicationChangeListener implements SmartLifecycle {

  static final String CHANNEL = "amplifier_application_changed";

  private final Notifications notifications;
  private final ApiKeys keys;
  private volatile @Nullable Subscription subscription;

  ApplicationChangeListener(Notifications notifications, ApiKeys keys) {
    this.notifications = notifications;
    this.keys = keys;
  }

  @Override
  public synchronized void start() {
    if (subscription == null) {
      subscription =
          notifications.subscribe(
              CHANNEL,
              new Subscriber() {
                @Override
                public void received(String appId) {
                  keys.forget(appId);
                }

                @Override
                public void listening() {
                  keys.forgetAll(true);
                }

                @Override
                public void notListening() {
                  keys.forgetAll(false);
                }
              });
    }
  }

  @Override
  public synchronized void stop() {
    Subscription current = subscription;
    if (current != null) {
      current.close();
    }
    subscription = null;
    keys.forgetAll(false);
  }

  @Override
  public boolean isRunning() {
    return subscription != null;
  }
}
