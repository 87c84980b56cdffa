package io.amplifier.appapi.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A webhook receiver on loopback (the JDK's HttpServer): records every request it got and answers
 * with the status the test sets; it can be made to hold requests until released.
 */
final class Receiver implements AutoCloseable {

  /** One request as the receiver saw it, and what it answered. */
  record Request(String id, String timestamp, String signature, String body, int answered) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();

  /** The {@code webhook-id} of every request, as it arrives (before any hold). */
  final List<String> arrivals = new CopyOnWriteArrayList<>();

  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
  private final HttpServer server;

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          arrivals.add(String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")));
          CountDownLatch latch = hold.get();
          if (latch != null) {
            try {
              latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int answer = status.get();
          requests.add(
              new Request(
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  body,
                  answer));
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> delivered() {
    return requests.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
  }

  /** Waits (at most 30 s, polling) until {@code condition} holds; fails otherwise. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    CountDownLatch latch = hold.get();
    if (latch != null) {
      latch.countDown();
    }
    server.stop(0);
  }
}
