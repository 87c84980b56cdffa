package io.amplifier.appapi.platform.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shapes of input every module reads the same way: entity ids in paths, the {@code tags} filter
 * of list routes and {@code If-Match} revisions. One set, so that two routes never disagree on what
 * an id or a tag filter is.
 */
public interface InputPatterns {

  /** A UUID in its canonical 8-4-4-4-12 text form, either case (as the original accepts). */
  Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** One {@code key:value} pair of a {@code tags} filter; the key is not empty. */
  Pattern TAG_PAIR = Pattern.compile("[^:,]+:[^,]*");

  /** What a malformed {@code tags} filter is told. */
  String TAG_FILTER_MESSAGE = "tags must look like key:value,key2:value2";

  /** An {@code If-Match} value naming a revision: {@code "3"}, {@code W/"3"} or {@code 3}. */
  Pattern REVISION_ETAG = Pattern.compile("^(W/)?\"?(\\d{1,9})\"?$");

  /** Whether {@code text} is a UUID as {@link #UUID} reads it. */
  static boolean isUuid(String text) {
    return UUID.matcher(text).matches();
  }

  /**
   * The {@code key:value[,key:value…]} filter as an ordered map (keys and values trimmed); empty
   * map for no filter, empty optional for a malformed one.
   */
  static Optional<Map<String, String>> tagFilter(@Nullable String tags) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (tags == null || tags.isBlank()) {
      return Optional.of(parsed);
    }
    for (String pair : tags.split(",")) {
      if (!TAG_PAIR.matcher(pair).matches()) {
        return Optional.empty();
      }
      int colon = pair.indexOf(':');
      parsed.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
    }
    return Optional.of(parsed);
  }
}
