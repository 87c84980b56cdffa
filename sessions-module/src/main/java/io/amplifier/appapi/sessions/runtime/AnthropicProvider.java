package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.anthropic.api.AnthropicApi;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** {@code provider-anthropic}: Anthropic's Messages API, {@code config.base_url} honoured. */
@Component
class AnthropicProvider extends SpringAiProvider {

  AnthropicProvider(ProviderHttp http, ProviderSettings settings) {
    super(http, settings);
  }

  @Override
  public String defaultBaseUrl() {
    return "https://api.anthropic.com";
  }

  @Override
  public String module() {
    return "provider-anthropic";
  }

  @Override
  ChatModel model(
      JsonNode settings, RestClient.Builder rest, WebClient.Builder web, List<ToolCallback> tools) {
    AnthropicApi api =
        AnthropicApi.builder()
            .baseUrl(text(settings, "base_url", defaultBaseUrl()))
            .apiKey(text(settings, "api_key", "none"))
            .restClientBuilder(rest)
            .webClientBuilder(web)
            .build();
    Integer maxTokens = integer(settings, "max_tokens");
    return AnthropicChatModel.builder()
        .anthropicApi(api)
        .defaultOptions(
            AnthropicChatOptions.builder()
                .model(text(settings, "model", "claude-3-5-haiku-latest"))
                .temperature(decimal(settings, "temperature"))
                .maxTokens(maxTokens == null ? 1024 : maxTokens)
                .toolCallbacks(tools)
                .internalToolExecutionEnabled(false)
                .build())
        .retryTemplate(NO_RETRY)
        .build();
  }
}
