package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@code configs.ConfigSecretsRevealed} revision 1 to 2: the field {@code revision} (the config's
 * revision whose secrets were shown) is called {@code configRevision}, so it is not mistaken for
 * the event's own revision. Matches the stable name and the Java class name events were stored
 * under before stable names.
 */
@Component
class ConfigSecretsRevealedUpcaster extends SingleEventUpcaster {

  /** The stable name ({@code app}'s {@code EventTypeNames}) and the name used before it. */
  static final Set<String> NAMES =
      Set.of(
          "configs.ConfigSecretsRevealed",
          "io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent");

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    return NAMES.contains(representation.getType().getName())
        && "1".equals(representation.getType().getRevision());
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(
      IntermediateEventRepresentation representation) {
    return representation.upcastPayload(
        new SimpleSerializedType(representation.getType().getName(), "2"),
        JsonNode.class,
        payload -> {
          if (payload instanceof ObjectNode object && object.has("revision")) {
            object.set("configRevision", object.remove("revision"));
          }
          return payload;
        });
  }
}
