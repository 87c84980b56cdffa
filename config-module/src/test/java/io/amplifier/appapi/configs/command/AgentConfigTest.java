package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AgentConfig aggregate's decisions, given events, when a command, expect events. */
class AgentConfigTest {

  private FixtureConfiguration<AgentConfig> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(AgentConfig.class);
  }

  @Test
  void shouldRecordTheCreatedConfigAsOneEvent() {
    ConfigId id = ConfigId.random();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("bundle").put("name", "demo");

    fixture
        .givenNoPriorActivity()
        .when(new CreateConfigCommand(id, "alice", "demo", "d", data, Map.of("env", "dev")))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new ConfigCreatedEvent(id, "alice", "demo", "d", data, Map.of("env", "dev")));
  }

  @Test
  void shouldRefuseToCreateTheSameConfigTwice() {
    ConfigId id = ConfigId.random();
    ObjectNode data = JsonNodeFactory.instance.objectNode();

    fixture
        .given(new ConfigCreatedEvent(id, "alice", "demo", null, data, Map.of()))
        .when(new CreateConfigCommand(id, "alice", "demo", null, data, Map.of()))
        .expectException(Exception.class);
  }
}
