package io.amplifier.appapi.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Reads a turn's Server-Sent Events over real HTTP, and can drop the connection half way. */
final class TurnEvents {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One event as received: its {@code id:} (-1 when it had none) and its data. */
  record Event(long id, JsonNode data) {
    String type() {
      return data.path("type").asText();
    }
  }

  private TurnEvents() {}

  /**
   * Opens {@code path} on {@code port} as {@code user}, after {@code lastEventId} (when not null),
   * reads at most {@code max} events (or to the end of the stream) and closes the connection.
   */
  static List<Event> read(int port, String user, String path, String lastEventId, int max)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-User-ID", user)
            .timeout(Duration.ofSeconds(60))
            .GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new AssertionError("GET " + path + " answered " + response.statusCode());
    }
    List<Event> events = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      long id = -1;
      while (events.size() < max && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("data: ")) {
          events.add(new Event(id, JSON.readTree(line.substring(6))));
          id = -1;
        }
      }
    }
    return events;
  }
}
