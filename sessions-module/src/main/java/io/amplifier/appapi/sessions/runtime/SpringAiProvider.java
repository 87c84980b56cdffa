package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * A provider run through Spring AI: the chat model is built per turn from the provider's config
 * ({@code api_key}, {@code model}, {@code base_url}, {@code temperature}, {@code max_tokens}), the
 * reply is streamed, and disposing the stream on cancel closes the provider connection (reactor
 * netty). No retries: a failing provider fails the turn at once instead of hanging for minutes.
 * Every call goes through {@link ProviderHttp}: the outbound policy at connect, no redirects.
 */
abstract class SpringAiProvider implements ChatProvider {

  static final RetryTemplate NO_RETRY = RetryTemplate.builder().maxAttempts(1).build();

  private final ProviderHttp http;
  private final Duration timeout;
  private final Duration turnTimeout;

  SpringAiProvider(ProviderHttp http, ProviderSettings settings) {
    this.http = http;
    this.timeout = settings.idleTimeout();
    this.turnTimeout = settings.turnTimeout();
  }

  /** Builds this provider's chat model for one turn. */
  abstract ChatModel model(JsonNode settings, RestClient.Builder rest, WebClient.Builder web);

  @Override
  public TurnResult run(
      List<ChatMessage> history,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream) {
    long deadline = System.nanoTime() + turnTimeout.toNanos();
    RestClient.Builder rest = http.rest(deadline);
    ChatModel model = model(settings, rest, http.web(deadline));
    List<Message> messages =
        history.stream()
            .map(m -> switch (m.role()) {
              case "assistant" -> (Message) new AssistantMessage(m.content());
              case "system" -> new SystemMessage(m.content());
              default -> new UserMessage(m.content());
            })
            .toList();
    if (!stream) {
      ChatResponse response = model.call(new Prompt(messages));
      String reply = deltaOf(response);
      onDelta.accept(reply);
      return new TurnResult(reply, figures(settings, response.getMetadata() == null ? null : response.getMetadata().getUsage()));
    }
    StringBuilder text = new StringBuilder();
    AtomicReference<Usage> usage = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Disposable subscription =
        model.stream(new Prompt(messages))
            .timeout(timeout)
            .subscribe(
                response -> {
                  String delta = deltaOf(response);
                  if (!delta.isEmpty()) {
                    text.append(delta);
                    onDelta.accept(delta);
                  }
                  if (response.getMetadata() != null && response.getMetadata().getUsage() != null
                      && response.getMetadata().getUsage().getTotalTokens() != null
                      && response.getMetadata().getUsage().getTotalTokens() > 0) {
                    usage.set(response.getMetadata().getUsage());
                  }
                },
                error -> {
                  failure.set(error);
                  done.countDown();
                },
                done::countDown);
    try {
      while (!done.await(50, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          subscription.dispose();
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      subscription.dispose();
    }
    if (failure.get() != null && !cancelled.getAsBoolean()) {
      Throwable error = failure.get();
      throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }
    return new TurnResult(text.toString(), figures(settings, usage.get()));
  }

  private static Map<String, Object> figures(JsonNode settings, @Nullable Usage used) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("model", settings.path("model").asText(""));
    if (used != null && used.getPromptTokens() != null) {
      figures.put("input_tokens", used.getPromptTokens());
      figures.put("output_tokens", used.getCompletionTokens());
    }
    return figures;
  }

  private static String deltaOf(ChatResponse response) {
    if (response.getResult() == null || response.getResult().getOutput() == null) {
      return "";
    }
    String text = response.getResult().getOutput().getText();
    return text == null ? "" : text;
  }

  static String text(JsonNode settings, String field, String fallback) {
    String value = settings.path(field).asText("");
    return value.isBlank() ? fallback : value;
  }

  static @Nullable Double decimal(JsonNode settings, String field) {
    return settings.hasNonNull(field) && settings.get(field).isNumber() ? settings.get(field).asDouble() : null;
  }

  static @Nullable Integer integer(JsonNode settings, String field) {
    return settings.hasNonNull(field) && settings.get(field).canConvertToInt() ? settings.get(field).asInt() : null;
  }
}
