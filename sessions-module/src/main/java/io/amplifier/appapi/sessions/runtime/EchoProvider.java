package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code provider-echo}: built in, offline and deterministic. It repeats the message, and answers
 * "what is my X?" from an earlier "my X is Y" in the transcript, so memory across turns can be
 * shown without a network; a question naming a key of the turn's context object is answered from
 * it; with tools offered, "call NAME {json}" calls one and answers with its output. It streams word
 * by word; {@code config.delay_ms} slows each word (for demonstrating cancel and keepalives).
 */
@Component
class EchoProvider implements ChatProvider {

  /** The longest pause per word; config writes refuse more (configs' ConfigController). */
  static final long MAX_DELAY_MS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern STATEMENT =
      Pattern.compile("\\bmy ([a-z][a-z ]{0,40}?) (?:is|are) ([^.!?]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOOL_CALL =
      Pattern.compile(
          "\\b(?:call|use)\\s+(?:the\\s+)?(?:tool\\s+)?([A-Za-z0-9_-]{1,64})(?:\\s+with)?\\s*(\\{.*})?",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern QUESTION =
      Pattern.compile(
          "\\bwhat (?:is|are) my ([a-z][a-z ]{0,40}?)\\s*\\?", Pattern.CASE_INSENSITIVE);

  @Override
  public String module() {
    return "provider-echo";
  }

  /**
   * With tools offered, "call NAME {json}" (or "use NAME …") in the user's message makes one call
   * of that tool; once its result is back, the answer is "NAME said: OUTPUT".
   */
  @Override
  public TurnResult run(
      List<ChatMessage> history,
      List<ToolSpec> tools,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream,
      long deadlineNanos) {
    ChatMessage last = history.isEmpty() ? null : history.get(history.size() - 1);
    if (last != null && "tool".equals(last.role())) {
      return run(
          List.of(new ChatMessage("assistant", last.name() + " said: " + last.content())),
          settings,
          onDelta,
          cancelled,
          stream,
          true);
    }
    Matcher call = last == null ? null : TOOL_CALL.matcher(last.content());
    if (call != null && call.find()) {
      String name = call.group(1);
      if (tools.stream().anyMatch(t -> t.name().equals(name))) {
        String arguments = call.group(2) == null ? "{}" : call.group(2);
        return new TurnResult(
            "",
            Map.of("model", "echo", "input_tokens", 0, "output_tokens", 0),
            List.of(new ToolCallRequest("call_echo_" + history.size(), name, arguments)));
      }
    }
    return run(history, settings, onDelta, cancelled, stream);
  }

  @Override
  public TurnResult run(
      List<ChatMessage> history,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream) {
    return run(history, settings, onDelta, cancelled, stream, false);
  }

  private TurnResult run(
      List<ChatMessage> history,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream,
      boolean verbatim) {
    String message = history.isEmpty() ? "" : history.get(history.size() - 1).content();
    String reply = verbatim ? message : fromContext(history, message);
    if (reply == null) {
      reply = answer(history, message);
    }
    long delay = settings.path("delay_ms").asLong(0);
    if (delay > MAX_DELAY_MS) {
      // Refused at config write too; a config stored before that rule must not hold a thread.
      throw new IllegalArgumentException(
          "provider-echo config.delay_ms must be at most " + MAX_DELAY_MS);
    }
    StringBuilder sent = new StringBuilder();
    String[] words = reply.split("(?<= )");
    for (String word : words) {
      if (cancelled.getAsBoolean()) {
        break;
      }
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (cancelled.getAsBoolean()) {
          break;
        }
      }
      onDelta.accept(word);
      sent.append(word);
    }
    int promptTokens = 0;
    for (ChatMessage m : history) {
      promptTokens += pieces(m.content());
    }
    return new TurnResult(
        sent.toString(),
        Map.of(
            "model",
            "echo",
            "input_tokens",
            promptTokens,
            "output_tokens",
            sent.toString().isBlank() ? 0 : sent.toString().trim().split("\\s+").length));
  }

  /**
   * How many pieces {@code text.split("\\s+")} gives, counted without a regular expression (a turn
   * counts every message of its history).
   */
  static int pieces(String text) {
    if (text.isEmpty()) {
      return 1;
    }
    int runs = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = isSpace(text.charAt(i));
      if (!space && !inWord) {
        runs++;
      }
      inWord = !space;
    }
    return runs > 0 && isSpace(text.charAt(0)) ? runs + 1 : runs;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /**
   * "Your language is Python." when the message names a key of the turn's context object (the
   * system message {@link TurnRunner#CONTEXT_PREFIX} introduces); null when it names none.
   */
  private @Nullable String fromContext(List<ChatMessage> history, String message) {
    @Nullable ChatMessage system = null;
    for (int i = 0; i < history.size() && "system".equals(history.get(i).role()); i++) {
      if (history.get(i).content().startsWith(TurnRunner.CONTEXT_PREFIX)) {
        system = history.get(i);
      }
    }
    if (system == null) {
      return null;
    }
    JsonNode context;
    try {
      context = JSON.readTree(system.content().substring(TurnRunner.CONTEXT_PREFIX.length()));
    } catch (JsonProcessingException e) {
      return null;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey().replace('_', ' ').toLowerCase(Locale.ROOT).trim();
      if (!key.isEmpty() && entry.getValue().isValueNode() && lower.contains(key)) {
        return "Your " + key + " is " + entry.getValue().asText() + ".";
      }
    }
    return null;
  }

  private static String answer(List<ChatMessage> history, String message) {
    Matcher question = QUESTION.matcher(message);
    if (question.find()) {
      String subject = question.group(1).trim().toLowerCase(Locale.ROOT);
      for (int i = history.size() - 2; i >= 0; i--) {
        ChatMessage earlier = history.get(i);
        if (!"user".equals(earlier.role())) {
          continue;
        }
        Matcher statement = STATEMENT.matcher(earlier.content());
        while (statement.find()) {
          if (statement.group(1).trim().toLowerCase(Locale.ROOT).equals(subject)) {
            return "Your " + subject + " is " + statement.group(2).trim() + ".";
          }
        }
      }
      return "I don't know your " + subject + " yet.";
    }
    return "Echo: " + message;
  }
}
