package io.amplifier.appapi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;

/**
 * A test-only tracking projection that counts how often it sees each event.
 *
 * <p>The counts are kept per probe, but readable from any: the test JVM runs several application
 * contexts on one database, and they share one token owner, so the segment of {@code gap-probe} may
 * be worked by another context's probe when a test looks. What must hold is that no probe sees an
 * event twice, and that some probe sees it.
 */
@ProcessingGroup("gap-probe")
public class GapProbe {

  private static final Map<GapProbe, Map<String, AtomicInteger>> PROBES = new ConcurrentHashMap<>();

  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  public GapProbe() {
    PROBES.put(this, seen);
  }

  @EventHandler
  void on(EventMessage<?> event) {
    seen.computeIfAbsent(event.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
  }

  @ResetHandler
  void reset() {
    seen.clear();
  }

  /** The most times any one probe of this JVM saw the event. */
  public int timesSeen(String eventIdentifier) {
    return PROBES.values().stream()
        .map(counts -> counts.get(eventIdentifier))
        .mapToInt(count -> count == null ? 0 : count.get())
        .max()
        .orElse(0);
  }

  /** How often each probe of this JVM saw each event it saw. */
  public List<Integer> counts() {
    return PROBES.values().stream()
        .flatMap(counts -> counts.values().stream())
        .map(AtomicInteger::get)
        .toList();
  }
}
