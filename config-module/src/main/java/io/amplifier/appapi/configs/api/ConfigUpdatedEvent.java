package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * A config's owner changed it: the whole new state (secrets encrypted), its new {@code revision}
 * (creation is revision 1) and the top-level fields that changed.
 */
@Revision("1")
public record ConfigUpdatedEvent(
    ConfigId configId,
    int revision,
    String name,
    @Nullable String description,
    ObjectNode configData,
    Map<String, String> tags,
    List<String> changedFields)
    implements ConfigEvent {}
