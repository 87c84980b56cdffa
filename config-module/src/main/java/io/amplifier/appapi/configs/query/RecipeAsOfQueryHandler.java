package io.amplifier.appapi.configs.query;

import io.amplifier.appapi.configs.api.FindRecipeAsOfQuery;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.configs.api.RecipeView;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Point-in-time reads of a recipe, folded from its own events (never the read model). */
@Component
class RecipeAsOfQueryHandler {

  private final EventStore eventStore;

  RecipeAsOfQueryHandler(EventStore eventStore) {
    this.eventStore = eventStore;
  }

  /** Empty when the recipe did not exist then, was deleted by then, or is not the requester's. */
  @QueryHandler
  Optional<RecipeView> asOf(FindRecipeAsOfQuery query) {
    List<? extends DomainEventMessage<?>> events =
        eventStore.readEvents(query.recipeId().toString(), 0).asStream().toList();
    if (events.isEmpty()
        || !(events.get(0).getPayload() instanceof RecipeCreatedEvent first)
        || !first.ownerId().equals(query.requesterId())) {
      return Optional.empty();
    }
    RecipeView view = null;
    for (DomainEventMessage<?> event : events) {
      if ((query.asOf() != null && event.getTimestamp().isAfter(query.asOf()))
          || (query.version() != null && event.getSequenceNumber() > query.version())) {
        break;
      }
      Object payload = event.getPayload();
      if (payload instanceof RecipeCreatedEvent e) {
        view =
            new RecipeView(
                e.recipeId(),
                e.ownerId(),
                e.name(),
                e.recipeData(),
                e.tags(),
                event.getTimestamp(),
                event.getTimestamp(),
                event.getSequenceNumber());
      } else if (payload instanceof RecipeUpdatedEvent e && view != null) {
        view =
            new RecipeView(
                view.recipeId(),
                view.ownerId(),
                e.name(),
                e.recipeData(),
                e.tags(),
                view.createdAt(),
                event.getTimestamp(),
                event.getSequenceNumber());
      } else if (payload instanceof RecipeDeletedEvent) {
        return Optional.empty();
      }
    }
    if (view == null || (query.version() != null && view.version() != query.version())) {
      return Optional.empty();
    }
    return Optional.of(view);
  }
}
