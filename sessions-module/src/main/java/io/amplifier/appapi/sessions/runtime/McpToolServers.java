package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.WebClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code tool-mcp}: the tools of MCP servers a config names, e.g. {@code {"module": "tool-mcp",
 * "config": {"url": "https://…/mcp", "headers": {"Authorization": "Bearer …"}, "allow":
 * ["search"]}}}, reached with the MCP Java SDK's client over its streamable HTTP transport. Every
 * request goes through {@link ProviderHttp} (the outbound policy checked on each resolved address
 * before connecting, no redirects, the turn's deadline and a size bound on each response). A turn
 * opens each server once: it initializes, lists the tools (only those {@code allow} names, when
 * given; at most {@value #MAX_TOOLS} in all: once they are listed, further servers are not
 * contacted) and calls them during the turn. A config names at most {@value #MAX_SERVERS} servers.
 * A call waits at most {@code TOOL_CALL_TIMEOUT}; what the model gets of an output is cut to {@code
 * TOOL_MAX_RESULT_CHARS}.
 */
@Component
class McpToolServers {

  static final String MODULE = "tool-mcp";
  static final int MAX_TOOLS = 128;
  static final int MAX_SERVERS = 8;
  private static final int MAX_PAGES = 10;
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Duration CONNECT_LIMIT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(McpToolServers.class);

  private final ProviderHttp http;
  private final ProviderConfigRules rules;
  private final ObjectMapper json;
  private final Duration callTimeout;
  private final int maxResultChars;

  McpToolServers(
      ProviderHttp http,
      ProviderConfigRules rules,
      ObjectMapper json,
      @Value("${TOOL_CALL_TIMEOUT:PT60S}") String callTimeout,
      @Value("${TOOL_MAX_RESULT_CHARS:100000}") int maxResultChars) {
    this.http = http;
    this.rules = rules;
    this.json = json;
    this.callTimeout = ProviderSettings.duration("TOOL_CALL_TIMEOUT", callTimeout);
    if (maxResultChars < 1) {
      throw new IllegalStateException("TOOL_MAX_RESULT_CHARS must be positive");
    }
    this.maxResultChars = maxResultChars;
  }

  /**
   * The {@code tool-mcp} entries of a config document, {@code {"value": …, "secret": true}} headers
   * made strings and their {@code ${VAR}} values resolved toward the server's host (an entry that
   * cannot resolve throws {@link TurnNotRunnableException} naming the field); resolved values and
   * the values of credential headers ({@link Redaction#headers}) are added to {@code secrets} (kept
   * out of what is recorded and shown).
   */
  List<ObjectNode> servers(JsonNode configData, List<String> secrets) {
    List<ObjectNode> servers = new ArrayList<>();
    JsonNode tools = configData.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (MODULE.equals(tool.path("module").asText())
          && tool.path("config") instanceof ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        // a credential header echoed back by the server must not get recorded
        Redaction.headers(copy, secrets);
        secrets.addAll(rules.resolveServer("$.tools[" + i + "].config", copy));
        servers.add(copy);
      }
    }
    return servers;
  }

  /**
   * Connects to every server and lists its tools; throws (the turn fails) when one cannot be
   * reached, refuses the connection, or does not answer by {@code deadlineNanos}.
   */
  ToolBox open(List<ObjectNode> servers, long deadlineNanos) {
    List<ToolBox> boxes = new ArrayList<>();
    try {
      int room = MAX_TOOLS;
      for (ObjectNode server : servers) {
        if (room <= 0) {
          break; // the tool cap is reached: no further server is contacted
        }
        Server opened = connect(server, deadlineNanos, room);
        boxes.add(opened);
        room -= opened.specs.size();
      }
    } catch (RuntimeException e) {
      boxes.forEach(ToolBox::close);
      OutboundRefusedException refused = OutboundRefusedException.in(e);
      if (refused != null) {
        throw new java.io.UncheckedIOException(refused.of("Tool server"));
      }
      throw e;
    }
    return ToolBox.of(boxes);
  }

  private Server connect(ObjectNode server, long deadlineNanos, int room) {
    URI url = URI.create(server.path("url").asText().trim());
    String origin = url.getScheme() + "://" + url.getRawAuthority();
    String endpoint =
        (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    Map<String, String> headers = new LinkedHashMap<>();
    server
        .path("headers")
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    WebClient.Builder web =
        http.web(deadlineNanos).baseUrl(origin).defaultHeaders(h -> headers.forEach(h::set));
    WebClientStreamableHttpTransport transport =
        WebClientStreamableHttpTransport.builder(web).endpoint(endpoint).build();
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(new McpSchema.Implementation("amplifier-app-api", "1"))
            .initializationTimeout(bounded(CONNECT_LIMIT, deadlineNanos))
            .requestTimeout(bounded(callTimeout, deadlineNanos))
            .build();
    try {
      client.initialize();
      Set<String> allow = new HashSet<>();
      server.path("allow").forEach(a -> allow.add(a.asText()));
      boolean filtered = server.path("allow").isArray();
      List<ToolSpec> specs = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        McpSchema.ListToolsResult listed =
            cursor == null ? client.listTools() : client.listTools(cursor);
        for (McpSchema.Tool tool : listed.tools()) {
          if (tool.name() == null
              || !TOOL_NAME.matcher(tool.name()).matches()
              || (filtered && !allow.contains(tool.name()))
              || specs.size() >= room) {
            continue;
          }
          specs.add(
              new ToolSpec(
                  tool.name(),
                  tool.description() == null ? tool.name() : cut(tool.description(), 4_096),
                  schema(tool)));
        }
        cursor = listed.nextCursor();
        if (cursor == null || cursor.isEmpty()) {
          break;
        }
      }
      return new Server(client, List.copyOf(specs));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private String schema(McpSchema.Tool tool) {
    try {
      return tool.inputSchema() == null
          ? "{\"type\":\"object\",\"properties\":{}}"
          : json.writeValueAsString(tool.inputSchema());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "{\"type\":\"object\",\"properties\":{}}";
    }
  }

  /** {@code limit}, or what is left until the deadline when that is sooner (at least 1 ms). */
  private static Duration bounded(Duration limit, long deadlineNanos) {
    long left = Math.max(1_000_000L, deadlineNanos - System.nanoTime());
    return limit.toNanos() < left ? limit : Duration.ofNanos(left);
  }

  private String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…[truncated]";
  }

  /** One open MCP server and the tools the turn may call on it. */
  private final class Server implements ToolBox {
    private final McpSyncClient client;
    private final List<ToolSpec> specs;

    Server(McpSyncClient client, List<ToolSpec> specs) {
      this.client = client;
      this.specs = specs;
    }

    @Override
    public List<ToolSpec> tools() {
      return specs;
    }

    @Override
    public ToolResult call(ToolCallRequest call) {
      Map<String, Object> arguments;
      try {
        arguments = json.readValue(call.arguments(), new TypeReference<Map<String, Object>>() {});
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        return ToolResult.failed("The arguments are not a JSON object");
      }
      try {
        McpSchema.CallToolResult result =
            client.callTool(
                new McpSchema.CallToolRequest(
                    call.name(), arguments == null ? Map.of() : arguments));
        return new ToolResult(
            cut(text(result), maxResultChars), Boolean.TRUE.equals(result.isError()));
      } catch (RuntimeException e) {
        String reason = reason(e);
        log.info("Tool call {} ({}) failed: {}", call.callId(), call.name(), reason);
        return ToolResult.failed(reason);
      }
    }

    @Override
    public void close() {
      try {
        client.close();
      } catch (RuntimeException e) {
        log.debug("Closing an MCP client failed: {}", e.toString());
      }
    }
  }

  /** The text of a tool's result: its text contents, else its structured content as JSON. */
  private String text(McpSchema.CallToolResult result) {
    StringBuilder text = new StringBuilder();
    if (result.content() != null) {
      for (McpSchema.Content content : result.content()) {
        if (text.length() > maxResultChars) {
          break;
        }
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(
            content instanceof McpSchema.TextContent t
                ? t.text()
                : "[" + content.type() + " content]");
      }
    }
    if (text.isEmpty() && result.structuredContent() != null) {
      try {
        return json.writeValueAsString(result.structuredContent());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return "";
      }
    }
    return text.toString();
  }

  /** Why a call failed, in words that carry no URL, header or credential. */
  static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutboundRefusedException refused) {
        return refused.describe("Tool server");
      }
      if (t instanceof TurnLimitException limit) {
        return String.valueOf(limit.getMessage());
      }
      if (t instanceof McpError mcp && mcp.getJsonRpcError() != null) {
        return "Tool server error " + mcp.getJsonRpcError().code();
      }
      if (t instanceof TimeoutException || t.getClass().getName().endsWith("TimeoutException")) {
        return "The tool server did not answer within TOOL_CALL_TIMEOUT";
      }
    }
    return "Tool server call failed: "
        + ProviderErrors.failure(error).message().replace("Provider call failed: ", "");
  }
}
