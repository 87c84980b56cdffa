package io.amplifier.appapi.sessions.runtime;

/** Clear, secret-free descriptions of provider failures. */
final class ProviderErrors {

  private ProviderErrors() {}

  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String kind = root.getClass().getSimpleName();
    String message = String.valueOf(root.getMessage());
    if (message.length() > 300) {
      message = message.substring(0, 300) + "…";
    }
    return "Provider call failed (" + kind + "): " + message;
  }
}
