package io.amplifier.appapi.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names events are stored under may never change: old events would no longer load. This
 * compares them with {@code src/test/resources/events/type-names.txt}; a new event adds its line
 * there, a changed name fails here. Every event record of every module has a stable name.
 */
class EventTypeNamesTest {

  @Test
  void shouldKeepEveryStoredEventNameAsRecorded() throws IOException {
    String recorded;
    try (InputStream in = getClass().getResourceAsStream("/events/type-names.txt")) {
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String current =
        new EventTypeNames()
            .all().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue().getName())
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    List<String> recordedNames =
        recorded
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .map(l -> l.substring(0, l.indexOf(" = ")))
            .toList();

    assertThat(current.lines().map(l -> l.substring(0, l.indexOf(" = "))).toList())
        .as(
            "every recorded name still exists (a stored event needs it); add new ones to type-names.txt")
        .containsAll(recordedNames)
        .containsExactlyInAnyOrderElementsOf(recordedNames);
  }

  @Test
  void shouldNameEveryEventRecordOfEveryModule() {
    Map<String, Class<?>> named = new EventTypeNames().all();
    List<String> unnamed =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.amplifier.appapi")
                .stream()
                .filter(c -> c.isRecord() && c.getSimpleName().endsWith("Event"))
                .map(JavaClass::getName)
                .filter(
                    name -> named.values().stream().noneMatch(type -> type.getName().equals(name)))
                .toList();

    assertThat(unnamed)
        .as("events outside the sealed hierarchies of EventTypeNames.ROOTS")
        .isEmpty();
  }

  @Test
  void shouldNameEventsAfterTheirModule() {
    assertThat(EventTypeNames.nameOf(io.amplifier.appapi.configs.api.ConfigCreatedEvent.class))
        .isEqualTo("configs.ConfigCreated");
    assertThat(EventTypeNames.nameOf(io.amplifier.appapi.sessions.api.SessionStartedEvent.class))
        .isEqualTo("sessions.SessionStarted");
  }
}
