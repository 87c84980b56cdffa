import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny MCP server for the benchmark harness (plain JDK, no dependencies): the streamable HTTP
 * transport on a loopback port, path {@code /mcp}, JSON-RPC {@code initialize}, {@code
 * notifications/initialized}, {@code tools/list} and {@code tools/call}, answered as {@code
 * application/json}; one tool {@code echo} that answers its {@code text} argument. It stops by
 * itself after {@code MAX_SECONDS}.
 *
 * <p>Usage: java McpEchoServer.java PORT MAX_SECONDS
 */
public class McpEchoServer {

  private static final int MAX_BODY = 1 << 20;
  private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ID =
      Pattern.compile("\"id\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+)");
  private static final Pattern VERSION =
      Pattern.compile("\"protocolVersion\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TEXT =
      Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final String TOOLS =
      "{\"tools\":[{\"name\":\"echo\",\"description\":\"Answers its text argument\","
          + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
          + "\"required\":[\"text\"]}}]}";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long maxSeconds = Long.parseLong(args[1]);
    AtomicLong calls = new AtomicLong();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/mcp", exchange -> handle(exchange, calls));
    server.start();
    System.out.println("mcp-echo listening on 127.0.0.1:" + port);
    Thread.sleep(maxSeconds * 1000);
    server.stop(0);
    System.out.println("mcp-echo stopped after " + maxSeconds + " s, tool calls=" + calls.get());
    System.exit(0);
  }

  private static void handle(HttpExchange exchange, AtomicLong calls) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        // no server-initiated stream (GET) and nothing to end (DELETE)
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          exchange.sendResponseHeaders(413, -1);
          return;
        }
        body = new String(bytes, StandardCharsets.UTF_8);
      }
      String method = first(METHOD, body, "");
      String id = first(ID, body, null);
      if (id == null) {
        // a notification (notifications/initialized) or a response: accepted, no body
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      String result;
      switch (method) {
        case "initialize" ->
            result =
                "{\"protocolVersion\":\""
                    + first(VERSION, body, "2025-03-26")
                    + "\",\"capabilities\":{\"tools\":{\"listChanged\":false}},"
                    + "\"serverInfo\":{\"name\":\"bench-mcp-echo\",\"version\":\"1\"}}";
        case "ping" -> result = "{}";
        case "tools/list" -> result = TOOLS;
        case "tools/call" -> {
          calls.incrementAndGet();
          boolean known = "echo".equals(first(NAME, body, ""));
          result =
              "{\"content\":[{\"type\":\"text\",\"text\":\""
                  + (known ? first(TEXT, body, "") : "unknown tool")
                  + "\"}],\"isError\":"
                  + !known
                  + "}";
        }
        default -> {
          send(
              exchange,
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id
                  + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
          return;
        }
      }
      send(exchange, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }
  }

  private static void send(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String first(Pattern pattern, String text, String otherwise) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : otherwise;
  }
}
