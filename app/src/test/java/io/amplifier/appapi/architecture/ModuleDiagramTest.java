package io.amplifier.appapi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module diagram in {@code docs/architecture.md} is generated from the compiled classes: which
 * module uses which packages of which other module. It fails when the document no longer matches
 * the code; {@code -Ddocs.write=true} rewrites the block.
 */
class ModuleDiagramTest {

  private static final Path DOC = Path.of("..", "docs", "architecture.md");
  private static final String START = "<!-- module-diagram:start -->";
  private static final String END = "<!-- module-diagram:end -->";

  @Test
  void shouldKeepTheModuleDiagramInTheArchitectureDocumentCurrent() throws IOException {
    String diagram = diagram();
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("markers in " + DOC).isNotNegative();
    String current = doc.substring(start + START.length(), end);
    if (Boolean.getBoolean("docs.write")) {
      Files.writeString(
          DOC,
          doc.substring(0, start + START.length()) + diagram + doc.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as("docs/architecture.md module diagram (rerun with -Ddocs.write=true)")
        .isEqualTo(diagram);
  }

  static String diagram() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.amplifier.appapi");
    Map<String, Set<String>> edges = new TreeMap<>();
    for (JavaClass origin : classes) {
      String from = module(origin.getPackageName());
      for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
        String target = dependency.getTargetClass().getPackageName();
        if (!target.startsWith("io.amplifier.appapi")) {
          continue;
        }
        String to = module(target);
        if (!to.equals(from)) {
          edges
              .computeIfAbsent(from + " --> " + to, k -> new TreeSet<>())
              .add(target.replace("io.amplifier.appapi.", ""));
        }
      }
    }
    StringBuilder text = new StringBuilder("\n```mermaid\nflowchart LR\n");
    edges.forEach(
        (edge, packages) ->
            text.append("  ")
                .append(edge.replace(" --> ", " -->|" + String.join(", ", packages) + "| "))
                .append('\n'));
    return text.append("```\n").toString();
  }

  /**
   * {@code app} for the application's own packages, {@code platform-api} for the shared contract,
   * else the module's top-level package.
   */
  static String module(String pkg) {
    String rest = pkg.replaceFirst("^io\\.amplifier\\.appapi\\.?", "");
    if (rest.equals("platform.api") || rest.startsWith("platform.api.")) {
      return "platform-api";
    }
    String first = rest.isEmpty() ? "" : rest.split("\\.")[0];
    return switch (first) {
      case "users", "configs", "sessions", "audit", "webhooks" -> first;
      default -> "app";
    };
  }
}
