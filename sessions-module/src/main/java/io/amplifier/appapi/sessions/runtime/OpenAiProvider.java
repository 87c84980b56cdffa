package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** {@code provider-openai}: OpenAI, or any OpenAI-compatible server at {@code config.base_url}. */
@Component
class OpenAiProvider extends SpringAiProvider {

  OpenAiProvider(@Value("${amplifier.sessions.provider-timeout:PT120S}") Duration timeout) {
    super(timeout);
  }

  @Override
  public String module() {
    return "provider-openai";
  }

  @Override
  ChatModel model(JsonNode settings, RestClient.Builder rest, WebClient.Builder web) {
    OpenAiApi api =
        OpenAiApi.builder()
            .baseUrl(text(settings, "base_url", "https://api.openai.com"))
            .apiKey(text(settings, "api_key", "none"))
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
                .build())
        .retryTemplate(NO_RETRY)
        .build();
  }
}
