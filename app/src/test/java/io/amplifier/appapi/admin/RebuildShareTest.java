package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PROJECTION_REBUILD_SHARE} outside (0, 1] stops the service at start, saying why. */
class RebuildShareTest {

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.5, 1.5, Double.NaN})
  void shouldRefuseAShareOutsideZeroToOne(double share) {
    assertThatThrownBy(
            () -> new ProjectionRebuilds(null, null, null, null, null, null, null, null, share))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PROJECTION_REBUILD_SHARE");
  }
}
