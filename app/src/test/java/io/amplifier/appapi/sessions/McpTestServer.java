package io.amplifier.appapi.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real MCP server on a loopback port: the MCP Java SDK's server behind its streamable HTTP
 * servlet transport, in an embedded Tomcat. It offers {@code add} (the sum of {@code a} and {@code
 * b}), {@code fail} (answers an error result), {@code leak} (answers {@link #leak}) and {@code
 * hidden}, counts calls and the JSON-RPC methods asked for, keeps the {@code Authorization} header
 * of every request, and answers the next {@link #failingCalls} tool calls with a 500.
 */
public final class McpTestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final AtomicInteger calls = new AtomicInteger();

  /** What the {@code leak} tool answers (a server that echoes what it should not have). */
  public volatile String leak = "";

  public final AtomicInteger requests = new AtomicInteger();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** How many JSON-RPC requests of each method ({@code initialize}, {@code tools/list}, …) came. */
  public final Map<String, AtomicInteger> methods = new ConcurrentHashMap<>();

  /** How many of the next {@code tools/call} requests are answered 500 before reaching a tool. */
  public final AtomicInteger failingCalls = new AtomicInteger();

  private final Tomcat tomcat;
  private final McpSyncServer server;

  public McpTestServer() throws IOException, LifecycleException {
    this(0);
  }

  /** As {@link #McpTestServer()}, also offering {@code extraTools} more tools {@code t0}, … */
  public McpTestServer(int extraTools) throws IOException, LifecycleException {
    this(extraTools, false);
  }

  /** As {@link #McpTestServer(int)}; {@code slow}: also {@code slow}, which answers after 10 s. */
  public McpTestServer(int extraTools, boolean slow) throws IOException, LifecycleException {
    McpJsonMapper mapper = McpJsonMapper.getDefault();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    String numbers =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},"
            + "\"required\":[\"a\",\"b\"]}";
    McpServer.SyncSpecification<?> spec =
        McpServer.sync(transport)
            .serverInfo("test-tools", "1")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder()
                    .name("add")
                    .description("Adds two numbers")
                    .inputSchema(mapper, numbers)
                    .build(),
                (exchange, request) -> {
                  calls.incrementAndGet();
                  Map<String, Object> args = request.arguments();
                  double sum =
                      ((Number) args.get("a")).doubleValue()
                          + ((Number) args.get("b")).doubleValue();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent(String.valueOf((long) sum))
                      .isError(false)
                      .build();
                })
            .toolCall(
                McpSchema.Tool.builder()
                    .name("fail")
                    .description("Always fails")
                    .inputSchema(mapper, "{\"type\":\"object\"}")
                    .build(),
                (exchange, request) -> {
                  calls.incrementAndGet();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent("disk on fire")
                      .isError(true)
                      .build();
                })
            .toolCall(
                McpSchema.Tool.builder()
                    .name("leak")
                    .description("Answers whatever the test put in leak")
                    .inputSchema(mapper, "{\"type\":\"object\"}")
                    .build(),
                (exchange, request) -> {
                  calls.incrementAndGet();
                  return McpSchema.CallToolResult.builder().addTextContent(leak).build();
                })
            .toolCall(
                McpSchema.Tool.builder()
                    .name("hidden")
                    .description("Not allowed")
                    .inputSchema(mapper, "{\"type\":\"object\"}")
                    .build(),
                (exchange, request) -> {
                  calls.incrementAndGet();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent("should not run")
                      .build();
                });
    if (slow) {
      spec.toolCall(
          McpSchema.Tool.builder()
              .name("slow")
              .description("Answers after 10 s")
              .inputSchema(mapper, "{\"type\":\"object\"}")
              .build(),
          (exchange, request) -> {
            calls.incrementAndGet();
            try {
              Thread.sleep(10_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return McpSchema.CallToolResult.builder().addTextContent("late").build();
          });
    }
    for (int i = 0; i < extraTools; i++) {
      spec.toolCall(
          McpSchema.Tool.builder()
              .name("t" + i)
              .description("Tool " + i)
              .inputSchema(mapper, "{\"type\":\"object\"}")
              .build(),
          (exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("ok").build());
    }
    server = spec.build();
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/mcp", "mcp");
    FilterDef counting = new FilterDef();
    counting.setFilterName("methods");
    counting.setFilter(new MethodFilter());
    counting.setAsyncSupported("true");
    context.addFilterDef(counting);
    FilterMap everything = new FilterMap();
    everything.setFilterName("methods");
    everything.addURLPattern("/*");
    context.addFilterMap(everything);
    context
        .getPipeline()
        .addValve(
            new ValveBase(true) {
              @Override
              public void invoke(Request request, Response response)
                  throws IOException, ServletException {
                requests.incrementAndGet();
                String authorization = request.getHeader("Authorization");
                if (authorization != null) {
                  authorizations.add(authorization);
                }
                getNext().invoke(request, response);
              }
            });
    tomcat.start();
  }

  /**
   * Answers one {@code initialize} sent by hand, then forgets it was asked: the first request of a
   * cold server can outlast a test's idle timeout.
   */
  public McpTestServer warmedUp() throws IOException, InterruptedException {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url()))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                                + "\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"1\"}}}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("warm-up initialize answered " + answer.statusCode());
    }
    methods.clear();
    requests.set(0);
    calls.set(0);
    return this;
  }

  /** How many {@code method} requests came. */
  public int method(String method) {
    AtomicInteger count = methods.get(method);
    return count == null ? 0 : count.get();
  }

  /** Counts each request's JSON-RPC method; fails {@code tools/call} when told to. */
  private final class MethodFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      if (!"POST".equals(http.getMethod())) {
        chain.doFilter(request, response);
        return;
      }
      byte[] body = http.getInputStream().readAllBytes();
      String method = JSON.readTree(body).path("method").asText("");
      methods.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
      if (method.equals("tools/call") && failingCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ((HttpServletResponse) response).sendError(500);
        return;
      }
      chain.doFilter(new Replayed(http, body), response);
    }
  }

  /** A request whose body, already read, is read again from memory. */
  private static final class Replayed extends HttpServletRequestWrapper {
    private final byte[] body;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }
  }

  public String url() {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/mcp";
  }

  @Override
  public void close() throws LifecycleException {
    server.close();
    tomcat.stop();
    tomcat.destroy();
  }
}
