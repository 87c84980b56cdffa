package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** What the provider stubs answer: OpenAI's and Anthropic's wire formats, plain and streamed. */
public final class ProviderWire {

  private ProviderWire() {}

  /** A stub's {@code application/json} answer of {@code body}. */
  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  /** A stub's {@code text/event-stream} answer of {@code body}. */
  public static ResponseDefinitionBuilder eventStream(String body) {
    return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
  }

  /** An OpenAI chat completion of {@code text} by model {@code m}, one token each way. */
  public static String openAiReply(String text) {
    return openAiReply("m", text, 1, 1);
  }

  public static String openAiReply(String model, String text, int prompt, int completion) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + text
        + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (prompt + completion)
        + "}}";
  }

  /** One streamed OpenAI chunk of {@code text} by model {@code m}. */
  public static String openAiChunk(String text) {
    return openAiChunk("m", text);
  }

  static String openAiChunk(String model, String text) {
    return openAiChunkHead(model)
        + "{\"role\":\"assistant\",\"content\":\""
        + text
        + "\"},\"finish_reason\":null}]}\n\n";
  }

  /** A streamed chunk up to its {@code delta}. */
  static String openAiChunkHead(String model) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":";
  }

  /** A streamed OpenAI answer of {@code pieces}, stopped and done. */
  static String openAiTextStream(String model, String... pieces) {
    StringBuilder body = new StringBuilder();
    for (String piece : pieces) {
      body.append(openAiChunk(model, piece));
    }
    body.append(openAiChunkHead(model)).append("{},\"finish_reason\":\"stop\"}]}\n\n");
    return body.append("data: [DONE]\n\n").toString();
  }

  /** An Anthropic message {@code id} of {@code text}, with its usage. */
  static String anthropicReply(String id, String text, int input, int output) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"test-model\","
        + "\"content\":[{\"type\":\"text\",\"text\":\""
        + text
        + "\"}],\"stop_reason\":\"end_turn\","
        + "\"usage\":{\"input_tokens\":"
        + input
        + ",\"output_tokens\":"
        + output
        + "}}";
  }

  static String anthropicStart() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"test-model\",\"content\":[],\"stop_reason\":null,"
        + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n";
  }

  /** A streamed Anthropic answer of {@code pieces}, one text block. */
  static String anthropicTextStream(String... pieces) {
    StringBuilder b = new StringBuilder(anthropicStart());
    b.append(
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    for (String piece : pieces) {
      b.append(
          "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
              + piece
              + "\"}}\n\n");
    }
    b.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    b.append(
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n");
    b.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return b.toString();
  }
}
