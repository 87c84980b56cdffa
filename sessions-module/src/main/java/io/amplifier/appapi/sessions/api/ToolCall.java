package io.amplifier.appapi.sessions.api;

/**
 * One tool call of a turn and its result, as kept in the transcript and in events: the model's
 * {@code callId}, the tool's {@code name}, its {@code arguments} (JSON text) and its {@code output}
 * (text; the error's text when {@code error}), each cut to {@link #MAX_CHARS} characters.
 */
public record ToolCall(String callId, String name, String arguments, String output, boolean error) {

  /** The most characters of arguments or output kept in an event (the model may see more). */
  public static final int MAX_CHARS = 16_384;

  /** This call with arguments and output cut to {@link #MAX_CHARS} (marked when cut). */
  public ToolCall bounded() {
    return new ToolCall(
        cut(callId, 128), cut(name, 128), cut(arguments, MAX_CHARS), cut(output, MAX_CHARS), error);
  }

  private static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max) + "…[truncated]";
  }
}
