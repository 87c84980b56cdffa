import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small closed-loop HTTP load client for the benchmark harness (run with {@code java
 * LoadClient.java}): {@code clients} threads POST configs for {@code seconds}, optionally paced to
 * a total {@code rate} per second, against loopback only. Prints one line of key=value figures.
 *
 * <p>Usage: java LoadClient.java URL CLIENTS SECONDS [RATE] [USERS] [MODE]
 *
 * <p>MODE {@code create} (default) POSTs new configs; {@code update} gives each client one config
 * and PUTs changes to it with the ETag of the last answer in If-Match; {@code decrypt} gives each
 * client one config holding a secret and GETs it with {@code decrypt=true}; {@code turn} gives
 * each client one echo-provider session, first filled untimed with {@code BENCH_PREFILL} turns
 * (two messages each), then times one blocking message turn after another; {@code toolturn} does
 * the same with a config that names the MCP server at {@code BENCH_MCP_URL} ({@code tool-mcp}):
 * each turn is {@code call echo {"text": …}}, one tool round and then the answer; {@code read} gives
 * each client one config and GETs it; {@code audit} GETs {@code /audit?limit=50} as one of the
 * first {@code USERS} seeded owners {@code bench-audit-N} (see audit-seed.sql); {@code asof} gives each client one
 * config changed {@code BENCH_PREFILL} times (untimed), then GETs it {@code ?as_of=} the last
 * change, folding every version; {@code sessionasof} gives each client one echo session of {@code
 * BENCH_PREFILL} turns (untimed), then GETs its last messages {@code ?as_of=} the end, folding
 * every event. {@code BENCH_IDEMPOTENCY=1} sends a fresh {@code Idempotency-Key}
 * with every create. {@code BENCH_WARMUP_SECONDS} (default 1) is the untimed warm-up before the
 * run. With {@code BENCH_SERVICE_PID} set, the service's CPU time over the timed part is printed
 * as {@code service_cpu_ms_per_req}.
 *
 * <p>Background load, not counted in the figures: {@code BENCH_FLOOD=N} runs N more threads that
 * send requests with random {@code app_…} keys for the whole run (their count and statuses are
 * printed as {@code flood_*}); {@code BENCH_STREAMS=N} keeps N SSE streams of a slow echo turn
 * open for the whole run ({@code streams_open} says how many were still open at its end);
 * {@code BENCH_HOG=N} runs N threads of ONE user ({@code bench-hog}), each in a closed loop of
 * streamed slow echo turns in its own session, past that user's turn and stream caps (printed as
 * {@code hog_turns}, {@code hog_429}).
 */
public class LoadClient {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    if (!base.startsWith("http://127.0.0.1") && !base.startsWith("http://localhost")) {
      throw new IllegalArgumentException("loopback targets only");
    }
    int clients = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
    int users = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    String mode = args.length > 5 ? args[5] : "create";
    String auth = System.getenv().getOrDefault("BENCH_AUTH_HEADERS", "");

    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    // BENCH_WARMUP_SECONDS=0 times the very first requests too (the harness's first-minute run)
    double warmup = Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "1"));
    long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
    while (System.nanoTime() < warmupEnd) {
      http.send(request(base, 0, auth), HttpResponse.BodyHandlers.discarding());
    }

    String[] ids = new String[clients];
    String[] etags = new String[clients];
    int prefill = Integer.parseInt(System.getenv().getOrDefault("BENCH_PREFILL", "0"));
    if (mode.equals("turn") || mode.equals("toolturn") || mode.equals("sessionasof")) {
      for (int t = 0; t < clients; t++) {
        ids[t] = newSession(http, base, t, auth, mode.equals("toolturn"));
        for (int i = 0; i < prefill; i++) {
          http.send(turn(base, t, ids[t], i, auth), HttpResponse.BodyHandlers.discarding());
        }
      }
      if (mode.equals("sessionasof")) {
        Thread.sleep(5);
        etags[0] = java.time.Instant.now().toString();
      }
    } else if (mode.equals("asof")) {
      for (int t = 0; t < clients; t++) {
        HttpResponse<String> created =
            http.send(request(base, t, auth), HttpResponse.BodyHandlers.ofString());
        String body = created.body();
        int at = body.indexOf("\"config_id\":\"") + 13;
        ids[t] = body.substring(at, body.indexOf('"', at));
        for (int i = 0; i < prefill; i++) {
          http.send(update(base, t, ids[t], "*", i, auth), HttpResponse.BodyHandlers.discarding());
        }
      }
      Thread.sleep(5);
      etags[0] = java.time.Instant.now().toString();
    } else if (mode.equals("audit")) {
      // reads seeded rows only
    } else if (!mode.equals("create")) {
      // update, decrypt and read each work on one config per client
      for (int t = 0; t < clients; t++) {
        HttpResponse<String> created =
            http.send(request(base, t, auth), HttpResponse.BodyHandlers.ofString());
        String body = created.body();
        int at = body.indexOf("\"config_id\":\"") + 13;
        ids[t] = body.substring(at, body.indexOf('"', at));
        etags[t] = created.headers().firstValue("ETag").orElse("\"1\"");
      }
    }
    List<java.io.InputStream> streams = openStreams(http, base, auth, seconds);
    String servicePid = System.getenv().getOrDefault("BENCH_SERVICE_PID", "");
    long cpuStart = cpuTicks(servicePid);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    AtomicLong floodSent = new AtomicLong();
    AtomicLong flood401 = new AtomicLong();
    AtomicLong flood429 = new AtomicLong();
    List<Thread> flooders = flood(base, auth, end, floodSent, flood401, flood429);
    AtomicLong hogTurns = new AtomicLong();
    AtomicLong hog429 = new AtomicLong();
    List<Thread> hogs = hog(http, base, auth, end, hogTurns, hog429);
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(clients);
    long intervalNanos = rate > 0 ? (long) (1e9 * clients / rate) : 0;
    for (int t = 0; t < clients; t++) {
      final int id = t;
      long[] latencies = new long[2_000_000];
      perThread.add(latencies);
      Thread thread =
          new Thread(
              () -> {
                int n = 0;
                long next = start + (intervalNanos * id) / Math.max(1, clients);
                try {
                  while (System.nanoTime() < end && n < latencies.length) {
                    if (intervalNanos > 0) {
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      next += intervalNanos;
                    }
                    long t0 = System.nanoTime();
                    try {
                      if (mode.equals("toolturn")) {
                        HttpResponse<String> r =
                            http.send(toolTurn(base, id, ids[id], n, auth), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().contains("echo said: tool " + n)) {
                          errors.incrementAndGet();
                        }
                      } else if (mode.equals("turn")) {
                        HttpResponse<Void> r =
                            http.send(turn(base, id, ids[id], n, auth), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } else if (mode.equals("update")) {
                        HttpResponse<Void> r =
                            http.send(
                                update(base, id, ids[id], etags[id], n, auth),
                                HttpResponse.BodyHandlers.discarding());
                        etags[id] = r.headers().firstValue("ETag").orElse(etags[id]);
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } else if (mode.equals("audit") || mode.equals("asof") || mode.equals("sessionasof")) {
                        String path =
                            mode.equals("audit")
                                ? "/audit?limit=50"
                                : mode.equals("asof")
                                    ? "/configs/" + ids[id] + "?as_of=" + etags[0]
                                    : "/sessions/" + ids[id] + "/messages?limit=10&after="
                                        + Math.max(0, 2 * prefill - 10) + "&as_of=" + etags[0];
                        String user =
                            mode.equals("audit") ? "bench-audit-" + ((id * 7919 + n) % users) : "bench-user-" + id;
                        HttpResponse<Void> r =
                            http.send(
                                withAuth(HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(Duration.ofSeconds(30)).header("X-User-ID", user).GET(), auth),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } else if (mode.equals("read")) {
                        HttpResponse<Void> r =
                            http.send(read(base, id, ids[id], auth), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } else if (mode.equals("decrypt")) {
                        HttpResponse<Void> r =
                            http.send(
                                decrypt(base, id, ids[id], auth),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      } else {
                        HttpResponse<Void> r =
                            http.send(
                                request(base, (id * 7919 + n) % users, auth),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 201) {
                          errors.incrementAndGet();
                        }
                      }
                    } catch (Exception e) {
                      errors.incrementAndGet();
                    }
                    latencies[n++] = System.nanoTime() - t0;
                  }
                } finally {
                  perThread.set(id, Arrays.copyOf(latencies, n));
                  done.countDown();
                }
              });
      thread.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpuEnd = cpuTicks(servicePid);
    for (Thread flooder : flooders) {
      flooder.join(10_000);
    }
    int open = 0;
    for (java.io.InputStream stream : streams) {
      try {
        if (stream.available() >= 0) {
          open++;
        }
        stream.close();
      } catch (java.io.IOException closed) {
        // already gone
      }
    }
    if (!flooders.isEmpty()) {
      System.out.printf(Locale.ROOT, "flood_requests=%d flood_401=%d flood_429=%d ",
          floodSent.get(), flood401.get(), flood429.get());
    }
    if (!streams.isEmpty()) {
      System.out.printf(Locale.ROOT, "streams_open=%d ", open);
    }
    for (Thread t : hogs) {
      t.join(5_000);
    }
    if (!hogs.isEmpty()) {
      System.out.printf(Locale.ROOT, "hog_turns=%d hog_429=%d ", hogTurns.get(), hog429.get());
    }
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    if (cpuStart >= 0 && cpuEnd >= 0 && all.length > 0) {
      // clock ticks are 1/100 s on Linux
      System.out.printf(Locale.ROOT, "service_cpu_ms_per_req=%.3f ", (cpuEnd - cpuStart) * 10.0 / all.length);
    }
    System.out.printf(
        Locale.ROOT,
        "requests=%d errors=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
        all.length,
        errors.get(),
        elapsed,
        all.length / elapsed,
        pct(all, 50),
        pct(all, 95),
        pct(all, 99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  /** utime + stime of {@code pid} in clock ticks (from /proc), or -1 when no pid is given. */
  private static long cpuTicks(String pid) throws java.io.IOException {
    if (pid.isBlank()) {
      return -1;
    }
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Threads that send random API keys until {@code end}; closed loops, bounded by time. */
  private static List<Thread> flood(
      String base, String auth, long end, AtomicLong sent, AtomicLong unauthorized, AtomicLong throttled) {
    int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_FLOOD", "0"));
    String bearer = "";
    for (String pair : auth.split(";;")) {
      if (pair.startsWith("Authorization:")) {
        bearer = pair.substring("Authorization:".length()).trim();
      }
    }
    List<Thread> threads = new ArrayList<>();
    java.security.SecureRandom random = new java.security.SecureRandom();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < n; i++) {
      String token = bearer;
      Thread t = new Thread(() -> {
        byte[] bytes = new byte[32];
        while (System.nanoTime() < end) {
          random.nextBytes(bytes);
          String key = "app_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/configs"))
              .timeout(Duration.ofSeconds(30)).header("X-API-Key", key);
          if (!token.isEmpty()) {
            b.header("Authorization", token);
          }
          try {
            int status = client.send(b.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            sent.incrementAndGet();
            if (status == 401) {
              unauthorized.incrementAndGet();
            } else if (status == 429) {
              throttled.incrementAndGet();
            }
          } catch (Exception e) {
            sent.incrementAndGet();
          }
        }
      }, "flood-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  /**
   * {@code BENCH_HOG} threads of one user, each looping streamed slow turns in its own session until
   * {@code end}: closed loops, bounded by time.
   */
  private static List<Thread> hog(
      HttpClient http, String base, String auth, long end, AtomicLong turns, AtomicLong refused)
      throws Exception {
    int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_HOG", "0"));
    List<Thread> threads = new ArrayList<>();
    String config =
        "{\"name\":\"hog\",\"config_data\":{\"bundle\":{\"name\":\"b\"},"
            + "\"providers\":[{\"module\":\"provider-echo\",\"config\":{\"delay_ms\":200}}]}}";
    for (int i = 0; i < n; i++) {
      String body = http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/configs"))
              .header("Content-Type", "application/json").header("X-User-ID", "bench-hog")
              .POST(HttpRequest.BodyPublishers.ofString(config)), auth), HttpResponse.BodyHandlers.ofString()).body();
      int at = body.indexOf("\"config_id\":\"") + 13;
      String started = http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/sessions"))
              .header("Content-Type", "application/json").header("X-User-ID", "bench-hog")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"config_id\":\"" + body.substring(at, body.indexOf('"', at)) + "\"}")), auth),
          HttpResponse.BodyHandlers.ofString()).body();
      int sat = started.indexOf("\"session_id\":\"") + 14;
      String session = started.substring(sat, started.indexOf('"', sat));
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          HttpRequest turn = withAuth(HttpRequest.newBuilder(URI.create(base + "/sessions/" + session + "/stream"))
              .header("Content-Type", "application/json").header("X-User-ID", "bench-hog")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"one two three four\"}")), auth);
          try {
            HttpResponse<java.io.InputStream> answer = http.send(turn, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = answer.body()) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (answer.statusCode() == 429) {
              refused.incrementAndGet();
            } else {
              turns.incrementAndGet();
            }
          } catch (Exception e) {
            turns.incrementAndGet();
          }
        }
      }, "hog-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  /** Opens {@code BENCH_STREAMS} streams of slow echo turns that outlast the run. */
  private static List<java.io.InputStream> openStreams(HttpClient http, String base, String auth, double seconds)
      throws Exception {
    int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_STREAMS", "0"));
    List<java.io.InputStream> streams = new ArrayList<>();
    if (n == 0) {
      return streams;
    }
    String config =
        "{\"name\":\"streams\",\"config_data\":{\"bundle\":{\"name\":\"b\"},"
            + "\"providers\":[{\"module\":\"provider-echo\",\"config\":{\"delay_ms\":1000}}]}}";
    String message = "word ".repeat((int) seconds + 3).trim();
    for (int i = 0; i < n; i++) {
      String user = "bench-streamer-" + i;
      String body = http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/configs"))
              .header("Content-Type", "application/json").header("X-User-ID", user)
              .POST(HttpRequest.BodyPublishers.ofString(config)), auth), HttpResponse.BodyHandlers.ofString()).body();
      int at = body.indexOf("\"config_id\":\"") + 13;
      String session = http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/sessions"))
              .header("Content-Type", "application/json").header("X-User-ID", user)
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"config_id\":\"" + body.substring(at, body.indexOf('"', at)) + "\"}")), auth),
          HttpResponse.BodyHandlers.ofString()).body();
      int sat = session.indexOf("\"session_id\":\"") + 14;
      HttpRequest stream = withAuth(HttpRequest.newBuilder(
              URI.create(base + "/sessions/" + session.substring(sat, session.indexOf('"', sat)) + "/stream"))
          .header("Content-Type", "application/json").header("X-User-ID", user)
          .timeout(Duration.ofSeconds((long) seconds + 60))
          .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}")), auth);
      streams.add(http.send(stream, HttpResponse.BodyHandlers.ofInputStream()).body());
    }
    return streams;
  }

  private static HttpRequest read(String base, int user, String id, String auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/configs/" + id))
            .timeout(Duration.ofSeconds(30))
            .header("X-User-ID", "bench-user-" + user)
            .GET();
    return withAuth(b, auth);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static HttpRequest update(
      String base, int user, String id, String etag, int n, String auth) {
    String body = "{\"description\":\"revision " + n + "\"}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/configs/" + id))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-User-ID", "bench-user-" + user)
            .header("If-Match", etag)
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    return withAuth(b, auth);
  }

  private static String newSession(HttpClient http, String base, int user, String auth, boolean tools)
      throws Exception {
    String mcp = System.getenv().getOrDefault("BENCH_MCP_URL", "");
    if (tools && !mcp.startsWith("http://127.0.0.1:")) {
      throw new IllegalArgumentException("toolturn needs BENCH_MCP_URL on 127.0.0.1");
    }
    String config =
        "{\"name\":\"turns\",\"config_data\":{\"bundle\":{\"name\":\"b\"},"
            + "\"providers\":[{\"module\":\"provider-echo\"}]"
            + (tools ? ",\"tools\":[{\"module\":\"tool-mcp\",\"config\":{\"url\":\"" + mcp + "\"}}]" : "")
            + "}}";
    String body =
        http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/configs"))
                .header("Content-Type", "application/json").header("X-User-ID", "bench-user-" + user)
                .POST(HttpRequest.BodyPublishers.ofString(config)), auth),
            HttpResponse.BodyHandlers.ofString()).body();
    int at = body.indexOf("\"config_id\":\"") + 13;
    String configId = body.substring(at, body.indexOf('"', at));
    String session =
        http.send(withAuth(HttpRequest.newBuilder(URI.create(base + "/sessions"))
                .header("Content-Type", "application/json").header("X-User-ID", "bench-user-" + user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"config_id\":\"" + configId + "\"}")), auth),
            HttpResponse.BodyHandlers.ofString()).body();
    int sat = session.indexOf("\"session_id\":\"") + 14;
    return session.substring(sat, session.indexOf('"', sat));
  }

  private static HttpRequest turn(String base, int user, String session, int n, String auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/sessions/" + session + "/messages"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-User-ID", "bench-user-" + user)
            .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"message number " + n + "\"}"));
    return withAuth(b, auth);
  }

  private static HttpRequest toolTurn(String base, int user, String session, int n, String auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/sessions/" + session + "/messages"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-User-ID", "bench-user-" + user)
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"message\":\"call echo {\\\"text\\\": \\\"tool " + n + "\\\"}\"}"));
    return withAuth(b, auth);
  }

  private static HttpRequest decrypt(String base, int user, String id, String auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/configs/" + id + "?decrypt=true"))
            .timeout(Duration.ofSeconds(30))
            .header("X-User-ID", "bench-user-" + user)
            .GET();
    return withAuth(b, auth);
  }

  private static HttpRequest request(String base, int user, String auth) {
    String body =
        "{\"name\":\"bench-"
            + user
            + "\",\"description\":\"benchmark config\",\"config_data\":{\"bundle\":{\"name\":\"bench\"},"
            + "\"providers\":[{\"module\":\"provider-echo\",\"config\":{\"model\":\"echo\","
            + "\"api_key\":\"sk-bench-secret\"}}]},"
            + "\"tags\":{\"bench\":\"true\"}}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/configs"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-User-ID", "bench-user-" + user)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if ("1".equals(System.getenv("BENCH_IDEMPOTENCY"))) {
      b.header("Idempotency-Key", java.util.UUID.randomUUID().toString());
    }
    return withAuth(b, auth);
  }

  private static HttpRequest withAuth(HttpRequest.Builder b, String auth) {
    if (!auth.isBlank()) {
      for (String pair : auth.split(";;")) {
        int colon = pair.indexOf(':');
        b.header(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    }
    return b.build();
  }
}
