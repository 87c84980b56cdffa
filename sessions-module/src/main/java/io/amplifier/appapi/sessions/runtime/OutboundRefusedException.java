package io.amplifier.appapi.sessions.runtime;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The outbound policy refused an address (a provider's or a tool server's); thrown before any
 * connection is opened. The resolver that refuses does not know whose address it was; {@link
 * #of(String)} names it once the caller does. No message carries the host.
 */
final class OutboundRefusedException extends IOException {

  private final String reason;
  private final @Nullable String whose;

  OutboundRefusedException(String reason) {
    this(reason, null);
  }

  private OutboundRefusedException(String reason, @Nullable String whose) {
    super(
        (whose == null ? "Address" : whose + " address")
            + " refused by the outbound policy: it is "
            + reason,
        null);
    this.reason = reason;
    this.whose = whose;
  }

  /** The same refusal, naming whose address it was (e.g. "Tool server"). */
  OutboundRefusedException of(String whose) {
    return new OutboundRefusedException(reason, whose);
  }

  /**
   * The text to show: whose address (this one's owner if named, else {@code otherwise}) and why.
   */
  String describe(String otherwise) {
    return (whose == null ? otherwise : whose)
        + " address refused by the outbound policy: it is "
        + reason;
  }

  /** The refusal in {@code error}'s causes, if any. */
  static @Nullable OutboundRefusedException in(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutboundRefusedException refused) {
        return refused;
      }
    }
    return null;
  }
}
