package io.amplifier.appapi.platform.operations;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** Executors on one daemon thread of a given name, for a node's background work. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** One daemon thread named {@code name} running tasks in order. */
  public static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(named(name));
  }

  /** One daemon thread named {@code name} running delayed and periodic tasks. */
  public static ScheduledExecutorService scheduled(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
