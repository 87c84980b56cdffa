package io.amplifier.appapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP over a plain socket to 127.0.0.1, for requests no client library would send: malformed
 * request lines, control characters, huge headers, endless bodies.
 */
public final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, CRLF-terminated, ending with a blank line). */
  public static Answer send(int port, String head) {
    return send(port, head.getBytes(StandardCharsets.ISO_8859_1), 0, false);
  }

  /**
   * Sends {@code head}, then up to {@code bodyBytes} bytes of body (as chunks when {@code chunked})
   * from another thread while the answer is read: the writing stops as soon as the server answers
   * or closes.
   */
  public static Answer send(int port, byte[] head, long bodyBytes, boolean chunked) {
    return send("127.0.0.1", port, head, bodyBytes, chunked);
  }

  /**
   * As {@link #send(int, byte[], long, boolean)}, from the loopback {@code sourceAddress}
   * (127.0.0.2, …), so that tests of per-address limits do not share one address.
   */
  public static Answer send(
      String sourceAddress, int port, byte[] head, long bodyBytes, boolean chunked) {
    if (!sourceAddress.startsWith("127.")) {
      throw new IllegalArgumentException("loopback source addresses only: " + sourceAddress);
    }
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(sourceAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.flush();
      AtomicLong sent = new AtomicLong();
      Thread writer = null;
      if (bodyBytes > 0) {
        writer =
            new Thread(
                () -> {
                  byte[] chunk = new byte[64 * 1024];
                  java.util.Arrays.fill(chunk, (byte) 'x');
                  try {
                    while (sent.get() < bodyBytes && !Thread.currentThread().isInterrupted()) {
                      if (chunked) {
                        out.write(
                            (Integer.toHexString(chunk.length) + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                      } else {
                        out.write(chunk);
                      }
                      sent.addAndGet(chunk.length);
                    }
                    if (chunked) {
                      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                  } catch (IOException closed) {
                    // the server answered and closed: expected for refused bodies
                  }
                },
                "raw-http-body");
        writer.setDaemon(true);
        writer.start();
      }
      Answer answer = read(socket.getInputStream());
      if (writer != null) {
        writer.interrupt();
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET from {@code sourceAddress} with the given extra header lines (each ending in CRLF). */
  public static Answer get(String sourceAddress, int port, String path, String headers) {
    String head =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\n"
            + headers
            + "Connection: close\r\n\r\n";
    return send(sourceAddress, port, head.getBytes(StandardCharsets.ISO_8859_1), 0, false);
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    long contentLength = -1;
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        received.write(buffer, 0, n);
        String text = received.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0) {
          headEnd = text.indexOf("\r\n\r\n");
          if (headEnd >= 0) {
            contentLength = contentLength(text.substring(0, headEnd));
          }
        }
        if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // take what arrived
    }
    return Answer.parse(received.toString(StandardCharsets.UTF_8));
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return -1;
  }

  /** What came back: status, headers (lower-case names), body. */
  public record Answer(int status, Map<String, String> headers, String body) {

    static Answer parse(String text) {
      int headEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/") || headEnd < 0) {
        throw new IllegalStateException("Not an HTTP answer: " + text);
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      String body = text.substring(headEnd + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = unchunk(body);
      }
      return new Answer(status, headers, body);
    }

    private static String unchunk(String body) {
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (at < body.length()) {
        int lineEnd = body.indexOf("\r\n", at);
        if (lineEnd < 0) {
          break;
        }
        int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
        if (size == 0) {
          break;
        }
        out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      return out.toString();
    }

    /** A header's value (case-insensitive name), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("Not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }
}
