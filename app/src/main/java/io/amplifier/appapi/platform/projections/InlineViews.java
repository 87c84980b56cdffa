package io.amplifier.appapi.platform.projections;

import io.amplifier.appapi.platform.eventstore.Failures;
import io.amplifier.appapi.platform.eventstore.ProjectionErrorHandling;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.context.annotation.Bean;

/**
 * The views a request reads back right after its own command ({@link #NAMES}) are inline: Axon
 * subscribing processors that run in the publishing unit of work, under the command's Spring
 * transaction, so the event and its view rows commit together or not at all (ADR 0023). A 2xx
 * therefore means the view is current on every node, with no wait and no token.
 *
 * <p>A handler that fails fails its command: the error propagates (Axon's default for subscribing
 * processors would log it and let the command commit without its view row). A lost race or an
 * unreachable database keep their own answers (409, 503); anything else is an {@link
 * InlineViewFailedException}, a 503 whose detail names the view, never the error's message.
 *
 * <p>Event timestamps are taken in milliseconds, the precision the event store keeps, so a view
 * written inline holds exactly what a rebuild from the store writes.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class InlineViews {

  /**
   * The views that are inline as shipped ({@code application.yml} makes them subscribing). An
   * operator may set one back to {@code mode: pooled}: it then streams, and its readers wait for
   * their own writes as before.
   */
  public static final Set<String> NAMES =
      Set.of("config-view", "recipe-view", "application-view", "session-view", "quota-view");

  static {
    GenericEventMessage.clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  /** Whether {@code processor} is an inline view: one of {@link #NAMES}, subscribing. */
  public static boolean isInline(EventProcessor processor) {
    return processor instanceof SubscribingEventProcessor && NAMES.contains(processor.getName());
  }

  @Bean
  ConfigurerModule inlineViewErrors(EventProcessorProperties processors) {
    List<String> streaming = ProjectionErrorHandling.deadLetteredGroups(processors);
    return configurer ->
        configurer.eventProcessing(
            processing -> {
              for (String name : NAMES) {
                if (!streaming.contains(name)) {
                  processing
                      .registerListenerInvocationErrorHandler(name, c -> new FailTheCommand(name))
                      .registerErrorHandler(name, c -> PropagatingErrorHandler.instance());
                }
              }
            });
  }

  /** Rethrows, so that the command's unit of work (and its transaction) rolls back. */
  private record FailTheCommand(String view) implements ListenerInvocationErrorHandler {
    @Override
    public void onError(Exception error, EventMessage<?> event, EventMessageHandler handler)
        throws Exception {
      if (Failures.isConflict(error)
          || Failures.isDatabaseUnavailable(error)
          || ProjectionErrorHandling.isTransient(error)) {
        throw error;
      }
      throw new InlineViewFailedException(view, ProjectionErrorHandling.reason(error), error);
    }
  }

  /** An inline view could not be written: the command, its events included, was not saved. */
  public static final class InlineViewFailedException extends RuntimeException {
    private final String view;

    InlineViewFailedException(String view, String reason, Throwable cause) {
      super("Inline view " + view + " failed: " + reason, cause);
      this.view = view;
    }

    /** The view's processing group. */
    public String view() {
      return view;
    }
  }
}
