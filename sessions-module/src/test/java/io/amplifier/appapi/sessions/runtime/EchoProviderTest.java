package io.amplifier.appapi.sessions.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoProviderTest {

  @Test
  void shouldCountPiecesAsSplittingOnWhitespaceDoes() {
    for (String text :
        List.of(
            "",
            " ",
            "   ",
            "a",
            " a",
            "a ",
            " a b ",
            "message number 12",
            "tabs\tand\nlines\r\nand\u000Bvt\ffeed",
            "\n\nlead",
            "trail\n\n",
            "Echo: hello  world")) {
      assertThat(EchoProvider.pieces(text)).as("'%s'", text).isEqualTo(text.split("\\s+").length);
    }
  }
}
