package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.WebClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@code tool-mcp}: the tools of MCP servers a config names, e.g. {@code {"module": "tool-mcp",
 * "config": {"url": "https://…/mcp", "headers": {"Authorization": "Bearer …"}, "allow":
 * ["search"]}}}, reached with the MCP Java SDK's client over its streamable HTTP transport. Every
 * request goes through {@link ProviderHttp} (the outbound policy checked on each resolved address
 * before connecting, no redirects, the turn's deadline and a size bound on each response). A server
 * is opened once per session and node: the client is initialized and the tools listed (only those
 * {@code allow} names, when given; at most {@value #MAX_TOOLS} in all: once they are listed,
 * further servers are not contacted), then kept for the session's later turns, keyed by the session
 * and a digest of the server's entry (url, headers, allow), for at most {@link #KEEP} and until a
 * call on it fails; at most {@value #MAX_KEPT} are kept, each closed when dropped. A config names
 * at most {@value #MAX_SERVERS} servers. A call waits at most {@code TOOL_CALL_TIMEOUT}; what the
 * model gets of an output is cut to {@code TOOL_MAX_RESULT_CHARS}.
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

  /** How long an opened server is kept for a session's later turns. */
  static final Duration KEEP = Duration.ofMinutes(1);

  /** How many opened servers a node keeps at most. */
  static final int MAX_KEPT = 256;

  /** Time left to a kept client's goodbye (its session's {@code DELETE}) when it is dropped. */
  private static final Duration GOODBYE = Duration.ofSeconds(5);

  private final Cache<Key, Opened> opened =
      Caffeine.newBuilder()
          .maximumSize(MAX_KEPT)
          .expireAfterWrite(KEEP)
          .scheduler(Scheduler.systemScheduler())
          .<Key, Opened>removalListener(
              (key, server, cause) -> {
                if (server != null) {
                  server.retire();
                }
              })
          .build();

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
  ToolBox open(String sessionId, List<ObjectNode> servers, long deadlineNanos) {
    List<ToolBox> boxes = new ArrayList<>();
    try {
      int room = MAX_TOOLS;
      for (ObjectNode server : servers) {
        if (room <= 0) {
          break; // the tool cap is reached: no further server is contacted
        }
        Lease lease = lease(new Key(sessionId, digest(server)), server, deadlineNanos, room);
        boxes.add(lease);
        room -= lease.specs.size();
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

  /** The server kept under {@code key} (opened now when there is none), for one turn. */
  private Lease lease(Key key, ObjectNode server, long deadlineNanos, int room) {
    while (true) {
      Opened known = opened.getIfPresent(key);
      if (known == null) {
        // connected outside the cache's lock: another turn may win the race, and then ours goes
        Opened made = connect(server, deadlineNanos);
        known = opened.asMap().putIfAbsent(key, made);
        if (known == null) {
          known = made;
        } else {
          made.retire();
        }
      }
      if (known.acquire(deadlineNanos)) {
        List<ToolSpec> specs =
            known.specs.size() <= room ? known.specs : known.specs.subList(0, room);
        return new Lease(key, known, specs, deadlineNanos);
      }
      opened.asMap().remove(key, known); // retired meanwhile
    }
  }

  /** Drops every kept server (closing them) when the node stops. */
  @PreDestroy
  void closeAll() {
    opened.invalidateAll();
    opened.cleanUp();
  }

  /** A server's entry as a SHA-256 digest: its resolved headers are never kept in clear. */
  private static String digest(ObjectNode server) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(server.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private Opened connect(ObjectNode server, long deadlineNanos) {
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
    AtomicLong deadline = new AtomicLong(deadlineNanos);
    WebClient.Builder web =
        http.web(deadline::get)
            .baseUrl(origin)
            .defaultHeaders(h -> headers.forEach(h::set))
            .filter(NO_SERVER_STREAM);
    WebClientStreamableHttpTransport transport =
        WebClientStreamableHttpTransport.builder(web).endpoint(endpoint).build();
    McpAsyncClient client =
        McpClient.async(transport)
            .clientInfo(new McpSchema.Implementation("amplifier-app-api", "1"))
            .initializationTimeout(bounded(CONNECT_LIMIT, deadlineNanos))
            .requestTimeout(callTimeout)
            .build();
    try {
      client.initialize().timeout(bounded(CONNECT_LIMIT, deadlineNanos)).block();
      Set<String> allow = new HashSet<>();
      server.path("allow").forEach(a -> allow.add(a.asText()));
      boolean filtered = server.path("allow").isArray();
      List<ToolSpec> specs = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        McpSchema.ListToolsResult listed =
            java.util.Objects.requireNonNull(
                (cursor == null ? client.listTools() : client.listTools(cursor))
                    .timeout(bounded(callTimeout, deadlineNanos))
                    .block(),
                "tools/list answered nothing");
        for (McpSchema.Tool tool : listed.tools()) {
          if (tool.name() == null
              || !TOOL_NAME.matcher(tool.name()).matches()
              || (filtered && !allow.contains(tool.name()))
              || specs.size() >= MAX_TOOLS) {
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
      return new Opened(client, deadline, List.copyOf(specs));
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

  /**
   * The server's own stream (the {@code GET} the transport opens once a session has an id) is
   * answered 405 here, so the transport works request by request: nothing here takes requests or
   * notifications from a server, and a kept client holds no idle connection.
   */
  private static final ExchangeFilterFunction NO_SERVER_STREAM =
      (request, next) ->
          request.method() == HttpMethod.GET
              ? Mono.just(ClientResponse.create(HttpStatus.METHOD_NOT_ALLOWED).build())
              : next.exchange(request);

  /** Which session a server was opened for, and the digest of its entry. */
  private record Key(String sessionId, String digest) {}

  /**
   * An initialized MCP client and its listed tools, shared by the turns of one session on this
   * node; closed once it is dropped from the cache and no turn uses it any more.
   */
  private static final class Opened {
    private final McpAsyncClient client;
    private final AtomicLong deadline;
    private final List<ToolSpec> specs;
    private int users;
    private boolean retired;

    Opened(McpAsyncClient client, AtomicLong deadline, List<ToolSpec> specs) {
      this.client = client;
      this.deadline = deadline;
      this.specs = specs;
    }

    /** Takes the client for a turn ending by {@code deadlineNanos}; false once retired. */
    synchronized boolean acquire(long deadlineNanos) {
      if (retired) {
        return false;
      }
      users++;
      deadline.set(deadlineNanos);
      return true;
    }

    synchronized void release() {
      users--;
      if (retired && users == 0) {
        close();
      }
    }

    synchronized void retire() {
      if (!retired) {
        retired = true;
        if (users == 0) {
          close();
        }
      }
    }

    private void close() {
      deadline.set(System.nanoTime() + GOODBYE.toNanos());
      try {
        client.close();
      } catch (RuntimeException e) {
        log.debug("Closing an MCP client failed: {}", e.toString());
      }
    }
  }

  /** A kept server as one turn uses it: the tools it may call on it (within the tool cap). */
  private final class Lease implements ToolBox {
    private final Key key;
    private final Opened server;
    private final McpAsyncClient client;
    private final List<ToolSpec> specs;
    private final long deadlineNanos;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(Key key, Opened server, List<ToolSpec> specs, long deadlineNanos) {
      this.key = key;
      this.server = server;
      this.client = server.client;
      this.specs = specs;
      this.deadlineNanos = deadlineNanos;
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
            java.util.Objects.requireNonNull(
                client
                    .callTool(
                        new McpSchema.CallToolRequest(
                            call.name(), arguments == null ? Map.of() : arguments))
                    .timeout(bounded(callTimeout, deadlineNanos))
                    .block(),
                "tools/call answered nothing");
        return new ToolResult(
            cut(text(result), maxResultChars), Boolean.TRUE.equals(result.isError()));
      } catch (RuntimeException e) {
        // the next turn opens the server afresh
        opened.asMap().remove(key, server);
        String reason = reason(e);
        log.info("Tool call {} ({}) failed: {}", call.callId(), call.name(), reason);
        return ToolResult.failed(reason);
      }
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        server.release();
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
