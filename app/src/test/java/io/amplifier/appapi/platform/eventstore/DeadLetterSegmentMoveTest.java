package io.amplifier.appapi.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OwnDatabase;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A segment that went to another node and came back: the other node dead-lettered an aggregate of
 * it meanwhile, so when this node claims the segment again it must park that aggregate's next event
 * behind the letter, not apply it from its memory of the queue as it was before.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY)
// config-view set back to streaming: it is inline as shipped
@TestPropertySource(locations = "classpath:streaming-config-view.properties")
@DirtiesContext
class DeadLetterSegmentMoveTest {

  private static final OwnDatabase DATABASE = new OwnDatabase();
  private static final String GROUP = "config-view";

  @LocalServerPort int port;
  @Autowired EventStore eventStore;
  @Autowired EventProcessingConfiguration processing;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("DATABASE_URL", DATABASE::jdbcUrl);
  }

  @AfterAll
  static void dropDatabase() {
    DATABASE.drop();
  }

  @Test
  void shouldParkBehindALetterWrittenWhileAnotherNodeHeldTheSegment() throws Exception {
    Http owner = new Http(port).with("X-User-ID", "mover");
    ConfigId id = ConfigId.random();
    eventStore.publish(
        new GenericDomainEventMessage<>(
            "AgentConfig",
            id.toString(),
            0,
            new ConfigCreatedEvent(id, "mover", "first", null, data(), Map.of()),
            MetaData.with("userId", "mover")));
    await("the config is projected", () -> owner.get("/configs/" + id).status() == 200);
    StreamingEventProcessor processor =
        processing.eventProcessor(GROUP, StreamingEventProcessor.class).orElseThrow();
    int segment =
        processor.processingStatus().values().stream()
            .map(EventTrackerStatus::getSegment)
            .filter(s -> s.matches(id.toString()))
            .mapToInt(Segment::getSegmentId)
            .findFirst()
            .orElseThrow();

    processor.releaseSegment(segment, 3, java.util.concurrent.TimeUnit.SECONDS);
    await("the segment is released", () -> !processor.processingStatus().containsKey(segment));
    // Meanwhile "another node" dead-letters the aggregate in that segment.
    SequencedDeadLetterQueue<EventMessage<?>> queue =
        processing.deadLetterQueue(GROUP).orElseThrow();
    EventMessage<?> failed =
        new GenericDomainEventMessage<>(
            "AgentConfig",
            id.toString(),
            1,
            new ConfigUpdatedEvent(
                id, 2, "failed elsewhere", null, data(), Map.of(), List.of("name")),
            MetaData.with("userId", "mover"));
    queue.enqueue(
        id.toString(),
        new GenericDeadLetter<>(id.toString(), failed, new IllegalStateException("elsewhere")));
    await("the segment is claimed again", () -> processor.processingStatus().containsKey(segment));

    eventStore.publish(
        new GenericDomainEventMessage<>(
            "AgentConfig",
            id.toString(),
            2,
            new ConfigUpdatedEvent(
                id, 3, "after the letter", null, data(), Map.of(), List.of("name")),
            MetaData.with("userId", "mover")));
    long head = eventStore.createHeadToken().position().orElseThrow();
    await(
        "the projection passed the new event",
        () ->
            processor.processingStatus().values().stream()
                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head));

    assertThat(owner.get("/configs/" + id).json().get("name").asText())
        .as("parked behind the letter")
        .isEqualTo("first");
    assertThat(queue.sequenceSize(id.toString())).isEqualTo(2);
  }

  private static void await(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static ObjectNode data() {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("bundle").put("name", "moved");
    return data;
  }
}
