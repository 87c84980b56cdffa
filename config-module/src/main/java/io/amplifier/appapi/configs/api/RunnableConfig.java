package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A config's document with secrets opened, at {@code revision}; keep it in memory only. {@code
 * openedSecrets} are the values that were sealed and are now in clear in {@code configData}: keep
 * them out of everything recorded.
 */
public record RunnableConfig(
    ConfigId configId, int revision, ObjectNode configData, List<String> openedSecrets) {

  public RunnableConfig {
    openedSecrets = List.copyOf(openedSecrets);
  }

  public RunnableConfig(ConfigId configId, int revision, ObjectNode configData) {
    this(configId, revision, configData, List.of());
  }

  @Override
  public String toString() {
    return "RunnableConfig[" + configId + ", revision " + revision + "]";
  }
}
