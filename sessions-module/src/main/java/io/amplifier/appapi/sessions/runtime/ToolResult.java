package io.amplifier.appapi.sessions.runtime;

/** What a tool answered: its {@code output} text, or the error's text when {@code error}. */
public record ToolResult(String output, boolean error) {

  static ToolResult failed(String reason) {
    return new ToolResult(reason, true);
  }
}
