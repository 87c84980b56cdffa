package io.amplifier.appapi.platform.eventstore;

import io.amplifier.appapi.audit.api.AuditEvent;
import io.amplifier.appapi.configs.api.ConfigEvent;
import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.configs.api.RecipeEvent;
import io.amplifier.appapi.sessions.api.SessionEvent;
import io.amplifier.appapi.users.api.ApplicationEvent;
import io.amplifier.appapi.users.api.UserEvent;
import io.amplifier.appapi.webhooks.api.WebhookEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names events are stored under: {@code <module>.<event without the Event suffix>}, e.g. {@code
 * configs.ConfigCreated}, for every record permitted by a module's sealed event interface. A stored
 * name outlives the Java class: moving or renaming a class keeps it as long as the record stays in
 * its hierarchy with the same simple name ({@code app}'s {@code EventTypeNamesTest} fails when any
 * name changes). Events stored before, under their Java class names, still load.
 */
public final class EventTypeNames {

  /** The sealed roots of every module's events. */
  static final List<Class<?>> ROOTS =
      List.of(
          ConfigEvent.class,
          RecipeEvent.class,
          SessionEvent.class,
          ApplicationEvent.class,
          UserEvent.class,
          AuditEvent.class,
          WebhookEvent.class);

  /** Events of no aggregate, published on their own. */
  static final List<Class<?>> STANDALONE = List.of(MasterKeysRotatedEvent.class);

  private final Map<Class<?>, String> byClass = new LinkedHashMap<>();
  private final Map<String, Class<?>> byName = new LinkedHashMap<>();

  public EventTypeNames() {
    List<Class<?>> events = new java.util.ArrayList<>(STANDALONE);
    for (Class<?> root : ROOTS) {
      events.addAll(List.of(root.getPermittedSubclasses()));
    }
    {
      for (Class<?> event : events) {
        String name = nameOf(event);
        Class<?> clash = byName.putIfAbsent(name, event);
        if (clash != null && clash != event) {
          throw new IllegalStateException(
              "Two events would be stored as " + name + ": " + clash + ", " + event);
        }
        byClass.put(event, name);
      }
    }
  }

  /** The name {@code event} is stored under. */
  public static String nameOf(Class<?> event) {
    return nameOf(event.getPackageName(), event.getSimpleName());
  }

  private static String nameOf(String pkg, String simple) {
    String module = pkg.replaceFirst("^io\\.amplifier\\.appapi\\.", "").replaceFirst("\\.api$", "");
    return module
        + "."
        + (simple.endsWith("Event") ? simple.substring(0, simple.length() - 5) : simple);
  }

  /**
   * The event an event stored under a Java class name that has moved since is now: the one whose
   * stable name that class name gives (e.g. {@code io.amplifier.appapi.audit.AccessRefusedEvent},
   * before audit's events moved to its {@code api} package, is {@code audit.AccessRefused}).
   */
  Optional<Class<?>> movedFrom(String className) {
    int dot = className.lastIndexOf('.');
    if (dot <= 0 || !className.startsWith("io.amplifier.appapi.")) {
      return Optional.empty();
    }
    return type(nameOf(className.substring(0, dot), className.substring(dot + 1)));
  }

  Optional<String> name(Class<?> type) {
    return Optional.ofNullable(byClass.get(type));
  }

  Optional<Class<?>> type(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every stable name and its class, in a fixed order. */
  Map<String, Class<?>> all() {
    return Collections.unmodifiableMap(byName);
  }
}
