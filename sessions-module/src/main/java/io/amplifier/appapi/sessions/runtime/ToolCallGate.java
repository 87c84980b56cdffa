package io.amplifier.appapi.sessions.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Decides, before it runs, whether a tool call the model asked for may run. The turn loop asks the
 * one gate bean (allow-all when there is none) on the turn's thread; a gate that must wait for a
 * person ({@link Approvals}) records the request and throws {@link TurnWait}: the turn is parked
 * and resumes with the answer, the wait not counted against its deadline. A denied call is not run:
 * the model is told the reason.
 */
public interface ToolCallGate {

  /** Lets every call run. */
  ToolCallGate ALLOW_ALL = (turn, call) -> Decision.ALLOW;

  Decision decide(TurnRunner.PreparedTurn turn, ToolCallRequest call);

  /**
   * As {@link #decide(TurnRunner.PreparedTurn, ToolCallRequest)}, telling {@code listener} when the
   * decision waits for a person ({@code call}'s arguments are as shown: credentials redacted).
   */
  default Decision decide(
      TurnRunner.PreparedTurn turn, ToolCallRequest call, TurnListener listener) {
    return decide(turn, call);
  }

  /** Whether the call may run, and why not. */
  record Decision(boolean allowed, @Nullable String reason) {
    public static final Decision ALLOW = new Decision(true, null);

    public static Decision deny(String reason) {
      return new Decision(false, reason);
    }
  }
}
