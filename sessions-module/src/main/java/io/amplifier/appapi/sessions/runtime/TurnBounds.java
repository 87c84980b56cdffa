package io.amplifier.appapi.sessions.runtime;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The limits one running turn is held to, {@code PROVIDER_TURN_TIMEOUT} and {@code
 * PROVIDER_MAX_REPLY_CHARS}, over the reply it has streamed so far; changes when a turn's limits
 * change. Streamed text is redacted of the turn's credentials before a listener hears it.
 */
final class TurnBounds {

  private final ProviderSettings settings;
  private final List<String> secrets;
  private final AtomicLong deadline;
  private final AtomicBoolean overtime = new AtomicBoolean();
  private final StringBuilder partial;

  /**
   * Bounds for a turn due to end by {@code deadlineNanos} ({@link System#nanoTime()}) that has
   * already streamed {@code replySoFar} (a resumed one).
   */
  TurnBounds(
      ProviderSettings settings, List<String> secrets, long deadlineNanos, String replySoFar) {
    this.settings = settings;
    this.secrets = secrets;
    this.deadline = new AtomicLong(deadlineNanos);
    this.partial = new StringBuilder(replySoFar);
  }

  /**
   * The turn's deadline; moved on by the time a tool call waits at a gate without parking (a parked
   * approval wait is left out when the turn resumes: it has its own limit, approval_timeout).
   */
  AtomicLong deadline() {
    return deadline;
  }

  /** True once the turn must stop: past its deadline (remembered), or {@code cancelled}. */
  BooleanSupplier stopping(BooleanSupplier cancelled) {
    return () -> {
      if (past()) {
        overtime.set(true);
      }
      return overtime.get() || cancelled.getAsBoolean();
    };
  }

  /** {@code listener}, hearing the deltas redacted; a reply past its size fails the turn. */
  TurnListener bounded(TurnListener listener) {
    return new TurnListener() {
      @Override
      public void onDelta(String delta) {
        partial.append(delta);
        if (partial.length() > settings.maxReplyChars()) {
          throw new UncheckedIOException(TurnLimitException.tooLarge(settings.maxReplyChars()));
        }
        listener.onDelta(redact(delta));
      }

      @Override
      public void onToolPre(ToolCallRequest call) {
        listener.onToolPre(call);
      }

      @Override
      public void onToolPost(ToolCallRequest call, String output) {
        listener.onToolPost(call, output);
      }

      @Override
      public void onToolError(ToolCallRequest call, String error) {
        listener.onToolError(call, error);
      }

      @Override
      public void onApprovalRequested(String approvalId, ToolCallRequest call) {
        listener.onApprovalRequested(approvalId, call);
      }

      @Override
      public void onApprovalDecided(
          String approvalId,
          ToolCallRequest call,
          boolean allowed,
          @Nullable String reason,
          String decidedBy) {
        listener.onApprovalDecided(approvalId, call, allowed, reason, decidedBy);
      }
    };
  }

  /** Throws the turn's limit it went past by the time the loop answered {@code result}. */
  void check(TurnResult result) {
    if (overtime.get() || past()) {
      throw new UncheckedIOException(TurnLimitException.deadline(settings.turnTimeout()));
    }
    if (result.content().length() > settings.maxReplyChars()) {
      throw new UncheckedIOException(TurnLimitException.tooLarge(settings.maxReplyChars()));
    }
  }

  /** What the turn failed of: its deadline once past it, else {@code error}. */
  ProviderErrors.TurnFailure failure(RuntimeException error) {
    return past()
        ? ProviderErrors.failure(TurnLimitException.deadline(settings.turnTimeout()))
        : ProviderErrors.failure(error);
  }

  /** The reply streamed so far, redacted. */
  String partial() {
    return redact(partial.toString());
  }

  /** {@code text} with every opened credential replaced (a provider could echo one back). */
  String redact(String text) {
    return Redaction.redact(text, secrets);
  }

  private boolean past() {
    return System.nanoTime() - deadline.get() > 0;
  }
}
