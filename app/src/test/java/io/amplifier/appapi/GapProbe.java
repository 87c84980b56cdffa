package io.amplifier.appapi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;

/** A test-only tracking projection that counts how often it sees each event. */
@ProcessingGroup("gap-probe")
public class GapProbe {

  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  @EventHandler
  void on(EventMessage<?> event) {
    seen.computeIfAbsent(event.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
  }

  @ResetHandler
  void reset() {
    seen.clear();
  }

  public int timesSeen(String eventIdentifier) {
    AtomicInteger count = seen.get(eventIdentifier);
    return count == null ? 0 : count.get();
  }

  public List<Integer> counts() {
    return seen.values().stream().map(AtomicInteger::get).toList();
  }
}
