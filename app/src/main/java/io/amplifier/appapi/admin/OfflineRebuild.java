package io.amplifier.appapi.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar amplifier-app-api.jar --rebuild=<name>|all}: rebuilds the named projections (one
 * after another, each into its shadow table and switched in as the admin route does), logs a
 * progress bar as it goes, and exits: 0 when every rebuild ended live, 1 otherwise. Started this
 * way the HTTP server listens on a random loopback port only, so it never takes the port of a
 * running node ({@code AmplifierApplication} sees to that).
 */
@Component
class OfflineRebuild implements ApplicationRunner {

  static final String OPTION = "rebuild";
  private static final Logger log = LoggerFactory.getLogger(OfflineRebuild.class);
  private static final int BAR = 30;

  private final ProjectionRebuilds rebuilds;
  private final ConfigurableApplicationContext context;

  OfflineRebuild(ProjectionRebuilds rebuilds, ConfigurableApplicationContext context) {
    this.rebuilds = rebuilds;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!args.containsOption(OPTION)) {
      return;
    }
    int status = rebuild(args.getOptionValues(OPTION));
    System.exit(SpringApplication.exit(context, () -> status));
  }

  /** Rebuilds the named projections ({@code all}: every one); 0 when all ended live. */
  int rebuild(List<String> requested) {
    List<String> names = new ArrayList<>();
    for (String value : requested) {
      for (String name : value.split(",")) {
        String trimmed = name.trim();
        if ("all".equals(trimmed)) {
          names.addAll(ProjectionRebuilds.TABLES.keySet());
        } else if (!trimmed.isEmpty()) {
          names.add(trimmed);
        }
      }
    }
    if (names.isEmpty()) {
      log.error(
          "--rebuild needs a projection name or 'all'; known: {}",
          ProjectionRebuilds.TABLES.keySet());
      return 2;
    }
    int status = 0;
    for (String name : names) {
      if (!rebuilds.rebuildable(name)) {
        log.error("No such projection: {} (known: {})", name, ProjectionRebuilds.TABLES.keySet());
        status = 1;
        continue;
      }
      long[] lastLog = {0};
      try {
        rebuilds.runNow(
            name,
            state -> {
              long now = System.nanoTime();
              if (now - lastLog[0] >= 1_000_000_000L || !"rebuilding".equals(state.state())) {
                lastLog[0] = now;
                log.info("{}", bar(name, state));
              }
            });
      } catch (RuntimeException refused) {
        log.error("Rebuild of {} refused: {}", name, refused.getMessage());
        status = 1;
        continue;
      }
      String end = rebuilds.state(name).map(ProjectionRebuilds.State::state).orElse("unknown");
      if (!"live".equals(end)) {
        status = 1;
      }
      log.info("{}: {}", name, "live".equals(end) ? "rebuilt and switched in" : "ended " + end);
    }
    return status;
  }

  /** {@code config-view [##########----------] 50% 500,000 / 1,000,000 events 25,000/s ETA 20 s} */
  static String bar(String name, ProjectionRebuilds.State state) {
    long position = state.position() == null ? 0 : Math.max(0, state.position());
    long head = state.head() == null ? 0 : state.head();
    double fraction =
        head <= 0 ? ("live".equals(state.state()) ? 1 : 0) : Math.min(1, (double) position / head);
    int filled = (int) Math.round(fraction * BAR);
    StringBuilder bar = new StringBuilder(name).append(" [");
    bar.append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
    bar.append(
        String.format(
            Locale.ROOT, "%3d%%  %,d / %,d events", Math.round(fraction * 100), position, head));
    Double rate = state.eventsPerSecond();
    if (rate != null && rate > 0) {
      bar.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
      if (head > position) {
        bar.append(String.format(Locale.ROOT, "  ETA %,d s", Math.round((head - position) / rate)));
      }
    }
    return bar.append("  (").append(state.state()).append(')').toString();
  }
}
