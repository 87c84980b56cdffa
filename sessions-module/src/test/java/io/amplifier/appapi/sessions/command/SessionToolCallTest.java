package io.amplifier.appapi.sessions.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.RecordSessionToolCallCommand;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionToolCalledEvent;
import io.amplifier.appapi.sessions.api.ToolCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tool calls of a turn: recorded in the transcript's order while the turn runs, bounded in size.
 */
class SessionToolCallTest extends TurnAggregateTest {

  private SessionMessageSubmittedEvent submitted() {
    return submitted("What is 2 + 3?");
  }

  @Test
  void shouldRecordAToolCallInTheTranscriptsOrderAndBoundIt() {
    String huge = "x".repeat(ToolCall.MAX_CHARS + 500);
    ToolCall call = new ToolCall("call_1", "add", "{\"a\":2,\"b\":3}", huge, false);

    fixture
        .given(started(), submitted())
        .when(new RecordSessionToolCallCommand(id, "t1", call))
        .expectSuccessfulHandlerExecution()
        .expectEventsMatching(
            org.axonframework.test.matchers.Matchers.payloadsMatching(
                org.axonframework.test.matchers.Matchers.exactSequenceOf(
                    org.axonframework.test.matchers.Matchers.predicate(
                        p -> {
                          SessionToolCalledEvent e = (SessionToolCalledEvent) p;
                          return e.seq() == 2
                              && e.turnId().equals("t1")
                              && e.call().callId().equals("call_1")
                              && e.call().output().length() < huge.length()
                              && e.call().output().endsWith("…[truncated]");
                        }))));
  }

  @Test
  void shouldPlaceTheReplyAfterTheToolCalls() {
    ToolCall call = new ToolCall("call_1", "add", "{}", "5", false);
    fixture
        .given(started(), submitted(), new SessionToolCalledEvent(id, "t1", 2, call))
        .when(new RecordSessionReplyCommand(id, "t1", "The sum is 5.", Map.of(), false))
        .expectEvents(new SessionReplyRecordedEvent(id, "t1", 3, "The sum is 5.", Map.of(), false));
  }

  @Test
  void shouldRefuseAToolCallOfATurnThatIsNotRunning() {
    ToolCall call = new ToolCall("call_1", "add", "{}", "5", false);
    fixture
        .given(
            started(),
            submitted(),
            new SessionReplyRecordedEvent(id, "t1", 2, "done", Map.of(), false))
        .when(new RecordSessionToolCallCommand(id, "t1", call))
        .expectException(SessionRuleException.class);
    assertThat(call.bounded()).isEqualTo(call);
  }
}
