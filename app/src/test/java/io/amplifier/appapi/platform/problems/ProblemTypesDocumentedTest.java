package io.amplifier.appapi.platform.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Every problem {@code type} the service can answer is listed in {@code docs/problems.md} with its
 * one status and title, and the document lists no other: read from the sources, as the one advice
 * produces them (a module's {@code Problem.of(status, slug, …)}, {@code Problem.invalid}, a failed
 * turn's 502 types, and the type per status of everything else).
 */
class ProblemTypesDocumentedTest {

  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES =
      List.of(
          "platform-api",
          "users-module",
          "config-module",
          "sessions-module",
          "audit-module",
          "webhooks-module",
          "app");

  /** The statuses Spring MVC's own exceptions come with (ResponseEntityExceptionHandler). */
  private static final List<Integer> SPRING_STATUSES =
      List.of(400, 404, 405, 406, 413, 415, 422, 500, 503);

  private static final Pattern MODULE_PROBLEM =
      Pattern.compile("Problem\\.of\\(\\s*HttpStatus\\.([A-Z_]+),\\s*\"([a-z0-9-]+)\"");
  private static final Pattern TURN_FAILURE =
      Pattern.compile("new (?:TurnFailure|TurnLimitException)\\(\\s*\"([a-z0-9-]+)\"");
  private static final Pattern LITERAL_TYPE =
      Pattern.compile("setType\\(URI\\.create\\(\"/problems/([a-z0-9-]+)\"\\)\\)");
  private static final Pattern STATUS = Pattern.compile("HttpStatus\\.([A-Z_]+)\\b");
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| `/problems/([a-z0-9-]+)` \\| (\\d{3}) \\| ([^|]+) \\|", Pattern.MULTILINE);

  record Documented(int status, String title) {}

  @Test
  void shouldDocumentEveryProblemTypeWithItsOneStatus() throws IOException {
    Map<String, Set<Integer>> produced = produced();
    Map<String, Documented> documented = documented();

    produced.forEach(
        (type, statuses) ->
            assertThat(statuses).as("/problems/" + type + " has one status").hasSize(1));
    assertThat(documented.keySet())
        .as("docs/problems.md lists exactly the types the service answers")
        .containsExactlyInAnyOrderElementsOf(produced.keySet());
    produced.forEach(
        (type, statuses) -> {
          int status = statuses.iterator().next();
          Documented doc = documented.get(type);
          assertThat(doc.status()).as("status of /problems/" + type).isEqualTo(status);
          assertThat(doc.title())
              .as("title of /problems/" + type)
              .isEqualTo(HttpStatus.valueOf(status).getReasonPhrase());
        });
  }

  private static Map<String, Set<Integer>> produced() throws IOException {
    Map<String, Set<Integer>> types = new TreeMap<>();
    for (String module : MODULES) {
      for (Path file : sources(ROOT.resolve(module).resolve("src/main/java"))) {
        String text = Files.readString(file);
        Matcher m = MODULE_PROBLEM.matcher(text);
        while (m.find()) {
          add(types, m.group(2), HttpStatus.valueOf(m.group(1)).value());
        }
        if (text.contains("Problem.invalid(")) {
          add(types, "validation-error", 422);
        }
        Matcher turn = TURN_FAILURE.matcher(text);
        while (turn.find()) {
          add(types, turn.group(1), 502);
        }
        if (text.contains("Problem.of(HttpStatus.BAD_GATEWAY, e.problem()")) {
          add(types, "bad-gateway", 502);
        }
        Matcher literal = LITERAL_TYPE.matcher(text);
        while (literal.find()) {
          // A type set by hand (a filter's answer): the status is the one the file answers with.
          Set<Integer> statuses = new TreeSet<>();
          Matcher status = STATUS.matcher(text);
          while (status.find()) {
            statuses.add(HttpStatus.valueOf(status.group(1)).value());
          }
          assertThat(statuses)
              .as(file + " answers " + literal.group(1) + " with one status")
              .hasSize(1);
          add(types, literal.group(1), statuses.iterator().next());
        }
        if (module.equals("app") && file.toString().contains("/platform/")) {
          Matcher status = STATUS.matcher(text);
          while (status.find()) {
            byStatus(types, HttpStatus.valueOf(status.group(1)).value());
          }
        }
      }
    }
    SPRING_STATUSES.forEach(status -> byStatus(types, status));
    return types;
  }

  private static void byStatus(Map<String, Set<Integer>> types, int status) {
    String type = Problems.typeFor(HttpStatus.valueOf(status)).toString();
    add(types, type.substring("/problems/".length()), status);
  }

  private static void add(Map<String, Set<Integer>> types, String type, int status) {
    types.computeIfAbsent(type, t -> new TreeSet<>()).add(status);
  }

  private static Map<String, Documented> documented() throws IOException {
    String text = Files.readString(ROOT.resolve("docs/problems.md"));
    Map<String, Documented> rows = new TreeMap<>();
    Matcher row = ROW.matcher(text);
    while (row.find()) {
      Documented previous =
          rows.put(
              row.group(1), new Documented(Integer.parseInt(row.group(2)), row.group(3).trim()));
      assertThat(previous).as("/problems/" + row.group(1) + " is listed once").isNull();
    }
    return rows;
  }

  private static List<Path> sources(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return new ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).sorted().toList());
    }
  }
}
