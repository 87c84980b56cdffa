package io.amplifier.appapi.sessions.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The turn runtime's timers, each one daemon thread of its own name (the app's platform has the
 * same helper, which a module may not use).
 */
final class DaemonThreads {

  private DaemonThreads() {}

  /** One daemon thread named {@code name} running delayed and periodic tasks. */
  static ScheduledExecutorService scheduled(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
