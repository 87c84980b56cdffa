package io.amplifier.appapi.sessions.runtime;

import java.io.IOException;

/** The outbound policy refused a provider address; thrown before any connection is opened. */
final class OutboundRefusedException extends IOException {

  OutboundRefusedException(String reason) {
    super("Provider address refused by the outbound policy: it is " + reason, null);
  }
}
