package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * A provider run through Spring AI: the chat model is built per turn from the provider's config
 * ({@code api_key}, {@code model}, {@code base_url}, {@code temperature}, {@code max_tokens}), the
 * reply is streamed, and disposing the stream on cancel closes the provider connection (reactor
 * netty). Tools are declared with Spring AI's tool calling, its internal tool execution off: the
 * calls come back to the turn loop ({@link AgentLoop}). No retries: a failing provider fails the
 * turn at once instead of hanging for minutes. Every call goes through {@link ProviderHttp}: the
 * outbound policy at connect, no redirects.
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

  /**
   * Builds this provider's chat model for one round: {@code tools} are declared to the model, and
   * Spring AI's own tool execution is off, so every call comes back to the turn loop.
   */
  abstract ChatModel model(
      JsonNode settings, RestClient.Builder rest, WebClient.Builder web, List<ToolCallback> tools);

  @Override
  public TurnResult run(
      List<ChatMessage> history,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream) {
    return run(
        history,
        List.of(),
        settings,
        onDelta,
        cancelled,
        stream,
        System.nanoTime() + turnTimeout.toNanos());
  }

  @Override
  public TurnResult run(
      List<ChatMessage> history,
      List<ToolSpec> tools,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream,
      long deadline) {
    RestClient.Builder rest = http.rest(deadline);
    List<ToolCallback> declared =
        tools.stream().map(t -> (ToolCallback) new DeclaredTool(t)).toList();
    ChatModel model = model(settings, rest, http.web(deadline), declared);
    List<Message> messages = messages(history);
    Map<String, ToolCallRequest> calls = new LinkedHashMap<>();
    if (!stream) {
      ChatResponse response = model.call(new Prompt(messages));
      String reply = deltaOf(response);
      onDelta.accept(reply);
      collectCalls(response, calls);
      return new TurnResult(
          reply,
          figures(
              settings, response.getMetadata() == null ? null : response.getMetadata().getUsage()),
          List.copyOf(calls.values()));
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
                  synchronized (calls) {
                    collectCalls(response, calls);
                  }
                  if (response.getMetadata() != null
                      && response.getMetadata().getUsage() != null
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
    synchronized (calls) {
      return new TurnResult(
          text.toString(), figures(settings, usage.get()), List.copyOf(calls.values()));
    }
  }

  /**
   * The transcript as Spring AI messages: an assistant message keeps the tool calls it made, and
   * the outputs that answer one round's calls travel together in one tool response message
   * (Anthropic wants every result of a round in the message right after it).
   */
  static List<Message> messages(List<ChatMessage> history) {
    List<Message> messages = new ArrayList<>();
    List<ToolResponseMessage.ToolResponse> results = new ArrayList<>();
    for (ChatMessage m : history) {
      if (!"tool".equals(m.role()) && !results.isEmpty()) {
        messages.add(ToolResponseMessage.builder().responses(List.copyOf(results)).build());
        results.clear();
      }
      switch (m.role()) {
        case "assistant" ->
            messages.add(
                m.toolCalls().isEmpty()
                    ? new AssistantMessage(m.content())
                    : AssistantMessage.builder()
                        .content(m.content())
                        .toolCalls(
                            m.toolCalls().stream()
                                .map(
                                    c ->
                                        new AssistantMessage.ToolCall(
                                            c.callId(), "function", c.name(), c.arguments()))
                                .toList())
                        .build());
        case "system" -> messages.add(new SystemMessage(m.content()));
        case "tool" ->
            results.add(
                new ToolResponseMessage.ToolResponse(
                    String.valueOf(m.callId()), String.valueOf(m.name()), m.content()));
        default -> messages.add(new UserMessage(m.content()));
      }
    }
    if (!results.isEmpty()) {
      messages.add(ToolResponseMessage.builder().responses(List.copyOf(results)).build());
    }
    return messages;
  }

  /**
   * Every tool call the response's generations carry, by call id (a streamed call comes once,
   * merged).
   */
  private static void collectCalls(ChatResponse response, Map<String, ToolCallRequest> calls) {
    if (response.getResults() == null) {
      return;
    }
    for (Generation generation : response.getResults()) {
      if (generation == null
          || generation.getOutput() == null
          || !generation.getOutput().hasToolCalls()) {
        continue;
      }
      for (AssistantMessage.ToolCall call : generation.getOutput().getToolCalls()) {
        String id = call.id() == null || call.id().isBlank() ? "call_" + calls.size() : call.id();
        String arguments =
            call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
        calls.put(id, new ToolCallRequest(id, String.valueOf(call.name()), arguments));
      }
    }
  }

  /**
   * A tool as Spring AI declares it to the model; never executed by Spring AI (the turn loop runs
   * it).
   */
  private record DeclaredTool(ToolSpec spec) implements ToolCallback {
    @Override
    public ToolDefinition getToolDefinition() {
      return DefaultToolDefinition.builder()
          .name(spec.name())
          .description(spec.description())
          .inputSchema(spec.inputSchema())
          .build();
    }

    @Override
    public String call(String toolInput) {
      throw new IllegalStateException(
          "tool " + spec.name() + " runs in the turn loop, not in Spring AI");
    }
  }

  private static Map<String, Object> figures(JsonNode settings, @Nullable Usage used) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("model", settings.path("model").asText(""));
    if (used != null && used.getPromptTokens() != null) {
      figures.put("input_tokens", used.getPromptTokens());
      figures.put("output_tokens", used.getCompletionTokens());
      Integer cached = cachedTokens(used.getNativeUsage());
      if (cached != null) {
        figures.put("cached_tokens", cached);
      }
    }
    return figures;
  }

  /** The input tokens the provider served from its prompt cache, where its usage says. */
  private static @Nullable Integer cachedTokens(@Nullable Object provider) {
    if (provider instanceof org.springframework.ai.openai.api.OpenAiApi.Usage openAi
        && openAi.promptTokensDetails() != null) {
      return openAi.promptTokensDetails().cachedTokens();
    }
    if (provider instanceof org.springframework.ai.anthropic.api.AnthropicApi.Usage anthropic) {
      return anthropic.cacheReadInputTokens();
    }
    return null;
  }

  /**
   * The text of every generation (Anthropic answers text and tool calls as separate generations).
   */
  private static String deltaOf(ChatResponse response) {
    if (response.getResults() == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (Generation generation : response.getResults()) {
      if (generation != null
          && generation.getOutput() != null
          && generation.getOutput().getText() != null) {
        text.append(generation.getOutput().getText());
      }
    }
    return text.toString();
  }

  static String text(JsonNode settings, String field, String fallback) {
    String value = settings.path(field).asText("");
    return value.isBlank() ? fallback : value;
  }

  static @Nullable Double decimal(JsonNode settings, String field) {
    return settings.hasNonNull(field) && settings.get(field).isNumber()
        ? settings.get(field).asDouble()
        : null;
  }

  static @Nullable Integer integer(JsonNode settings, String field) {
    return settings.hasNonNull(field) && settings.get(field).canConvertToInt()
        ? settings.get(field).asInt()
        : null;
  }
}
