package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code provider-openai}: OpenAI, or any OpenAI-compatible server at {@code config.base_url}
 * (Ollama, vLLM, LiteLLM…). {@code config.completions_path} and {@code config.headers} reach
 * gateways with other paths or key headers, e.g. Azure OpenAI's v1 API: {@code base_url} {@code
 * https://<resource>.openai.azure.com/openai}, {@code completions_path} {@code
 * /v1/chat/completions}, {@code headers: {"api-key": "${AZURE_OPENAI_API_KEY}"}} (a name on {@code
 * PROVIDER_ENV_ALLOWLIST}).
 */
@Component
class OpenAiProvider extends SpringAiProvider {

  OpenAiProvider(ProviderHttp http, ProviderSettings settings) {
    super(http, settings);
  }

  @Override
  public String defaultBaseUrl() {
    return "https://api.openai.com";
  }

  @Override
  public String module() {
    return "provider-openai";
  }

  @Override
  ChatModel model(
      JsonNode settings, RestClient.Builder rest, WebClient.Builder web, List<ToolCallback> tools) {
    org.springframework.util.LinkedMultiValueMap<String, String> headers =
        new org.springframework.util.LinkedMultiValueMap<>();
    settings
        .path("headers")
        .fields()
        .forEachRemaining(h -> headers.add(h.getKey(), h.getValue().asText()));
    OpenAiApi api =
        OpenAiApi.builder()
            .baseUrl(text(settings, "base_url", defaultBaseUrl()))
            .apiKey(text(settings, "api_key", "none"))
            .completionsPath(text(settings, "completions_path", "/v1/chat/completions"))
            .headers(headers)
            .restClientBuilder(rest)
            .webClientBuilder(web)
            .build();
    return OpenAiChatModel.builder()
        .openAiApi(api)
        .defaultOptions(
            OpenAiChatOptions.builder()
                .model(text(settings, "model", "gpt-4o-mini"))
                .temperature(decimal(settings, "temperature"))
                .maxTokens(integer(settings, "max_tokens"))
                .toolCallbacks(tools)
                .internalToolExecutionEnabled(false)
                .build())
        .retryTemplate(NO_RETRY)
        .build();
  }
}
