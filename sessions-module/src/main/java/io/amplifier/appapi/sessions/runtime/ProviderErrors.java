package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Provider failures reduced to what may be shown, recorded and logged: the provider's HTTP status,
 * its error type (a short identifier) and a fixed message. Never a URL, a header, a credential or
 * the provider's own text.
 */
final class ProviderErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEADING_STATUS = Pattern.compile("(?s)^\\s*([1-5]\\d\\d)\\b.*");
  private static final Pattern ERROR_TYPE = Pattern.compile("[A-Za-z0-9_.]{1,64}");

  private ProviderErrors() {}

  /**
   * How a turn failed: the problem type's last segment, the text to show, and whether it is final.
   */
  record TurnFailure(String problem, String message, boolean unrecoverable) {}

  static TurnFailure failure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutboundRefusedException refused) {
        return new TurnFailure("outbound-refused", refused.describe("Provider"), false);
      }
      if (t instanceof TokenBudgetExceededException budget) {
        return new TurnFailure(
            TokenBudgetExceededException.PROBLEM, String.valueOf(budget.getMessage()), false);
      }
      if (t instanceof TurnLimitException limit) {
        return new TurnFailure(limit.problem(), String.valueOf(limit.getMessage()), false);
      }
    }
    Integer status = status(error);
    if (status != null) {
      String type = errorType(error);
      return new TurnFailure(
          "bad-gateway",
          "Provider call failed: HTTP " + status + (type == null ? "" : " (" + type + ")"),
          status == 400 || status == 401 || status == 403 || status == 404);
    }
    return new TurnFailure("bad-gateway", "Provider call failed: " + kind(error), false);
  }

  /** A fixed phrase for a failure without an HTTP status. */
  private static String kind(Throwable error) {
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t.getClass().getName();
      if (t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || name.endsWith("ReadTimeoutException")) {
        return "no answer within the idle timeout";
      }
      if (name.endsWith("PrematureCloseException")) {
        return "the provider closed the connection";
      }
      if (t instanceof UnknownHostException) {
        return "unknown provider host";
      }
      if (t instanceof ConnectException || name.endsWith("ConnectTimeoutException")) {
        return "could not connect to the provider";
      }
      if (name.startsWith("com.fasterxml.jackson")) {
        return "unreadable provider reply";
      }
      root = t;
    }
    return root instanceof IOException
        ? "I/O error talking to the provider"
        : "unexpected " + root.getClass().getSimpleName();
  }

  private static @Nullable Integer status(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof WebClientResponseException web) {
        return web.getStatusCode().value();
      }
      if (t instanceof RestClientResponseException rest) {
        return rest.getStatusCode().value();
      }
      String kind = t.getClass().getName();
      if (kind.endsWith("TransientAiException") && t.getMessage() != null) {
        Matcher m = LEADING_STATUS.matcher(t.getMessage());
        if (m.matches()) {
          return Integer.valueOf(m.group(1));
        }
      }
    }
    return null;
  }

  /** The provider's {@code error.type} (or {@code error.code}), when it is a short identifier. */
  private static @Nullable String errorType(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String body = null;
      if (t instanceof WebClientResponseException web) {
        body = web.getResponseBodyAsString();
      } else if (t instanceof RestClientResponseException rest) {
        body = rest.getResponseBodyAsString();
      } else if (t.getClass().getName().endsWith("TransientAiException")
          && t.getMessage() != null) {
        int start = t.getMessage().indexOf('{');
        body = start < 0 ? null : t.getMessage().substring(start);
      }
      if (body == null || body.isBlank()) {
        continue;
      }
      try {
        JsonNode err = JSON.readTree(body).path("error");
        for (JsonNode candidate : new JsonNode[] {err.path("type"), err.path("code")}) {
          if (candidate.isTextual() && ERROR_TYPE.matcher(candidate.asText()).matches()) {
            return candidate.asText();
          }
        }
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
