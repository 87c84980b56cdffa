package io.amplifier.appapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes exactly as given over a plain socket to the service on loopback, optionally from a
 * chosen loopback source address (127.0.0.2, …), and reads the whole answer (the request must ask
 * for {@code Connection: close}). For requests no well-behaved client library would send.
 */
public final class RawHttp {

  private RawHttp() {}

  /** One raw exchange: the status code and everything the server sent. */
  public record Answer(int status, String text) {

    /** The body after the blank line that ends the headers. */
    public String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }

    /** A header's value, case-insensitively, or null. */
    public String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  public static Answer send(String sourceAddress, int port, String request) {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) != -1 && out.size() < 1_000_000; ) {
        out.write(buffer, 0, n);
      }
      String text = out.toString(StandardCharsets.UTF_8);
      int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
      return new Answer(status, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET with the given extra header lines (each ending in CRLF). */
  public static Answer get(String sourceAddress, int port, String path, String headers) {
    return send(sourceAddress, port,
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "Connection: close\r\n\r\n");
  }
}
