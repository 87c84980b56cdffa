package io.amplifier.appapi.platform.problems;

import org.jspecify.annotations.Nullable;

/**
 * Text PostgreSQL can store: no NUL character (text and jsonb refuse it) and no unpaired UTF-16
 * surrogate (it has no UTF-8 form). Everything that comes in is checked against this.
 */
public final class StorableText {

  private StorableText() {}

  /** Null when {@code text} can be stored, else why not. */
  public static @Nullable String problem(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain the NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must not contain an unpaired UTF-16 surrogate";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain an unpaired UTF-16 surrogate";
      }
    }
    return null;
  }

  /** {@code text} with what cannot be stored replaced by U+FFFD, safe to echo in a field name. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && out.length() < 200; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
