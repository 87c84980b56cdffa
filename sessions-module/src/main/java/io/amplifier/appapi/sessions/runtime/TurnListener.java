package io.amplifier.appapi.sessions.runtime;

/**
 * Hears what a running turn does, as it happens: text deltas and, in a tool turn, each tool call
 * before it runs ({@code tool:pre}), its result ({@code tool:post}) or its failure ({@code
 * tool:error}). Called on the turn's thread; a listener must not block for long (a stream hands
 * events to its own writer). Arguments and outputs are bounded and hold no credential of the
 * config.
 */
public interface TurnListener {

  /** A non-empty piece of the reply's text. */
  void onDelta(String text);

  /**
   * The model asked for {@code call}; it runs next (unless the gate refuses it, then {@link
   * #onToolError}).
   */
  default void onToolPre(ToolCallRequest call) {}

  /** {@code call} ran and answered {@code output}. */
  default void onToolPost(ToolCallRequest call, String output) {}

  /** {@code call} was refused or failed with {@code error}; the model is told so and goes on. */
  default void onToolError(ToolCallRequest call, String error) {}

  /**
   * The call waits for a person's answer to approval {@code approvalId} ({@code
   * approval:requested}).
   */
  default void onApprovalRequested(String approvalId, ToolCallRequest call) {}

  /**
   * Approval {@code approvalId} was answered by {@code decidedBy} (a user, or {@code system} on
   * timeout): {@code approval:granted} or {@code approval:denied}.
   */
  default void onApprovalDecided(
      String approvalId,
      ToolCallRequest call,
      boolean allowed,
      @org.jspecify.annotations.Nullable String reason,
      String decidedBy) {}
}
