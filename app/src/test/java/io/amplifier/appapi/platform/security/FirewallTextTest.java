package io.amplifier.appapi.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's loop accepts exactly the text Spring Security's default expression accepts. */
class FirewallTextTest {

  private static final Pattern DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

  @Test
  void shouldAgreeWithTheDefaultExpressionOnEveryCodePoint() {
    int disagreements = 0;
    int refused = 0;
    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
      String text = "a" + new String(Character.toChars(codePoint)) + "b";
      boolean expected = DEFAULT.matcher(text).matches();
      if (SecurityConfiguration.assignedAndNotControl(text) != expected) {
        disagreements++;
      }
      if (!expected) {
        refused++;
      }
    }
    assertThat(disagreements).isZero();
    assertThat(refused).as("control and unassigned code points exist").isGreaterThan(1000);
  }

  @Test
  void shouldRefuseControlCharactersAndLoneSurrogatesAsTheDefaultDoes() {
    for (String text : new String[] {"x\u0000", "tab\there", "del\u007f", "c1\u0085", "\ud800"}) {
      assertThat(SecurityConfiguration.assignedAndNotControl(text))
          .as(text)
          .isEqualTo(DEFAULT.matcher(text).matches());
    }
    assertThat(SecurityConfiguration.assignedAndNotControl("application/json; charset=utf-8"))
        .isTrue();
    assertThat(SecurityConfiguration.assignedAndNotControl("caf\u00e9")).isTrue();
  }
}
