package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A config's document with secrets opened, at {@code revision}; keep it in memory only. */
public record RunnableConfig(ConfigId configId, int revision, ObjectNode configData) {

  @Override
  public String toString() {
    return "RunnableConfig[" + configId + ", revision " + revision + "]";
  }
}
