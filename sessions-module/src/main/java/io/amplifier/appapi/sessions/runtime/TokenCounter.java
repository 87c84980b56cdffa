package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts the tokens of what a turn sends. For {@code provider-openai} a real tokenizer (JTokkit):
 * {@code o200k_base} for the gpt-4o, gpt-4.1, gpt-5 and o-series models, {@code cl100k_base} for
 * every other model name (gpt-4, gpt-3.5 and OpenAI-compatible servers, whose own tokenizers are
 * unknown here). Elsewhere a documented estimate: one token per three characters, rounded up (real
 * tokenizers of English text average about four, so the estimate errs towards sending less). Every
 * message adds {@value #PER_MESSAGE} tokens for its role and framing, and a prompt {@value
 * #PER_PROMPT} for the reply's priming, as OpenAI counts them.
 */
@Component
class TokenCounter {

  /** Tokens a message costs beyond its text. */
  static final int PER_MESSAGE = 4;

  /** Tokens a prompt costs beyond its messages. */
  static final int PER_PROMPT = 3;

  static final String OPENAI = "provider-openai";

  /** The model {@code provider-openai} runs when its config names none. */
  static final String OPENAI_DEFAULT_MODEL = "gpt-4o-mini";

  /** Characters per token of the estimate. */
  static final int CHARS_PER_TOKEN = 3;

  /** One way of counting, named as {@code SessionContextMeasuredEvent.counting} says it. */
  interface Counting {
    String name();

    int text(String text);

    /** The tokens {@code message} costs in a prompt. */
    default int message(ChatMessage message) {
      int tokens = PER_MESSAGE + text(message.content());
      for (ToolCallRequest call : message.toolCalls()) {
        tokens += PER_MESSAGE + text(call.name()) + text(call.arguments());
      }
      if (message.name() != null) {
        tokens += text(message.name());
      }
      return tokens;
    }
  }

  static final Counting ESTIMATE =
      new Counting() {
        @Override
        public String name() {
          return "estimate";
        }

        @Override
        public int text(String text) {
          return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        }
      };

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

  /** How prompts of the provider {@code module} with {@code settings} are counted. */
  Counting of(String module, JsonNode settings) {
    if (!OPENAI.equals(module)) {
      return ESTIMATE;
    }
    String model = settings.path("model").asText(OPENAI_DEFAULT_MODEL);
    Encoding encoding =
        registry.getEncoding(o200k(model) ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
    return new Counting() {
      @Override
      public String name() {
        return encoding.getName();
      }

      @Override
      public int text(String text) {
        return encoding.countTokensOrdinary(text);
      }
    };
  }

  private static boolean o200k(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.startsWith("gpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-4o")
        || m.matches("o[1-9].*");
  }
}
