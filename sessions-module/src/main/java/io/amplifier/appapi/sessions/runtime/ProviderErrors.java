package io.amplifier.appapi.sessions.runtime;

/** Clear, secret-free descriptions of provider failures. */
final class ProviderErrors {

  private ProviderErrors() {}

  /**
   * The provider refused the credentials or the request itself (HTTP 400, 401, 403, 404): retrying
   * cannot help until the config changes. Rate limits, 5xx, timeouts and broken streams can.
   */
  static boolean unrecoverable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      String kind = t.getClass().getName();
      if ((kind.endsWith("NonTransientAiException") || kind.contains("WebClientResponseException"))
          && message.matches("(?s)^\\s*(400|401|403|404)\\b.*")) {
        return true;
      }
    }
    return false;
  }

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
