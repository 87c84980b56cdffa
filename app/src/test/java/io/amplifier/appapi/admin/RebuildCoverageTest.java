package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ResetHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every projection (a processing group whose handlers can be reset) can be rebuilt and is in the
 * zero-downtime rebuild test: a new read model cannot slip past either.
 */
class RebuildCoverageTest {

  @Test
  void shouldRebuildAndTestEveryProjection() throws NoSuchMethodException {
    Set<String> projections = new TreeSet<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.amplifier.appapi")) {
      boolean resettable =
          type.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(ResetHandler.class));
      if (resettable && type.isAnnotatedWith(ProcessingGroup.class)) {
        projections.add(groupOf(type));
      }
    }
    String[] tested =
        ZeroDowntimeRebuildTest.class
            .getDeclaredMethod("shouldRebuildEveryProjectionWithoutDowntime", String.class)
            .getAnnotation(ValueSource.class)
            .strings();

    assertThat(projections).as("projections found in the code").isNotEmpty();
    assertThat(ProjectionRebuilds.TABLES.keySet())
        .as("rebuildable projections")
        .isEqualTo(projections);
    assertThat(new TreeSet<>(Arrays.asList(tested)))
        .as("projections in ZeroDowntimeRebuildTest")
        .isEqualTo(projections);
  }

  private static String groupOf(JavaClass type) {
    return type.reflect().getAnnotation(ProcessingGroup.class).value();
  }
}
