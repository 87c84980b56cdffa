package io.amplifier.appapi.sessions;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;

/**
 * A real MCP server on a loopback port: the MCP Java SDK's server behind its streamable HTTP
 * servlet transport, in an embedded Tomcat. It offers {@code add} (the sum of {@code a} and {@code
 * b}), {@code fail} (answers an error result), {@code leak} (answers {@link #leak}) and {@code
 * hidden}, counts calls and keeps the {@code Authorization} header of every request.
 */
public final class McpTestServer implements AutoCloseable {

  public final AtomicInteger calls = new AtomicInteger();

  /** What the {@code leak} tool answers (a server that echoes what it should not have). */
  public volatile String leak = "";

  public final AtomicInteger requests = new AtomicInteger();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Tomcat tomcat;
  private final McpSyncServer server;

  public McpTestServer() throws IOException, LifecycleException {
    this(0);
  }

  /** As {@link #McpTestServer()}, also offering {@code extraTools} more tools {@code t0}, … */
  public McpTestServer(int extraTools) throws IOException, LifecycleException {
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
