package io.amplifier.appapi.platform.projections;

import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every segment of a processor as the token store holds it, whichever node owns it: with several
 * nodes a node may own none of a processor's segments, so its local processing status says nothing
 * about how far the projection is. Read without claiming anything.
 */
@Component
public class TokenPositions {

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  TokenPositions(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
    this.jdbc = jdbc;
    this.serializer = serializer;
  }

  /** One segment's row: its owner (null when released) and the position its token has reached. */
  public record Segment(int segment, @Nullable String owner, @Nullable Long position) {}

  /** The processor's segments in order; empty before the processor first claimed its tokens. */
  public List<Segment> segments(String processor) {
    return jdbc.query(
        "SELECT segment, owner, token, tokentype FROM tokenentry WHERE processorname = ?"
            + " ORDER BY segment",
        (rs, i) -> {
          byte[] token = rs.getBytes(3);
          String type = rs.getString(4);
          Long position = null;
          if (token != null && type != null) {
            TrackingToken tracking =
                serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, type, null));
            OptionalLong p = tracking == null ? OptionalLong.empty() : tracking.position();
            position = p.isPresent() ? p.getAsLong() : null;
          }
          return new Segment(rs.getInt(1), rs.getString(2), position);
        },
        processor);
  }

  /**
   * The position every segment of the processor has reached (the lowest of them), so every event at
   * or below it is applied; -1 while a segment has not applied any event, empty without tokens.
   */
  public OptionalLong lowest(String processor) {
    List<Segment> segments = segments(processor);
    if (segments.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        segments.stream()
            .mapToLong(s -> s.position() == null ? -1 : s.position())
            .min()
            .orElse(-1));
  }
}
