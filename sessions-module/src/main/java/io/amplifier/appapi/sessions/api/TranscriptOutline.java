package io.amplifier.appapi.sessions.api;

import java.util.List;

/** The answer to {@link TranscriptOutlineQuery}: the entries in order, without their content. */
public record TranscriptOutline(List<Line> lines) {

  /** One entry's place, role and content length in characters. */
  public record Line(int seq, String role, long chars) {}
}
