package io.amplifier.appapi.configs.command;

import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.RevealConfigSecretsCommand;
import io.amplifier.appapi.configs.api.UpdateConfigCommand;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import io.amplifier.appapi.configs.secrets.DataKeyShredder;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AgentConfig aggregate's rules that need no secrets: ownership, revisions, deletion. (Sealing
 * needs the database; the HTTP tests cover it against the real one.)
 */
class AgentConfigTest {

  private final ConfigId id = ConfigId.random();
  private FixtureConfiguration<AgentConfig> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(AgentConfig.class);
    // Never reached by these commands: each is refused or needs no sealing.
    ConfigSecrets secrets = mock(ConfigSecrets.class);
    // sealing is ConfigSecrets' own business (its tests): here a document passes as it is
    org.mockito.Mockito.when(
            secrets.seal(
                org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any()))
        .thenAnswer(call -> call.getArgument(2));
    org.mockito.Mockito.when(
            secrets.sealExisting(
                org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any()))
        .thenAnswer(call -> call.getArgument(2));
    fixture.registerInjectableResource(secrets);
    fixture.registerInjectableResource(mock(DataKeyShredder.class));
    fixture.registerInjectableResource(new ConfigRules(List.of()));
  }

  private ConfigCreatedEvent created() {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("bundle").put("name", "demo");
    return new ConfigCreatedEvent(id, "alice", "demo", null, data, Map.of());
  }

  @Test
  void shouldRejectAStaleRevision() {
    ConfigCreatedEvent created = created();
    fixture
        .given(
            created,
            new ConfigUpdatedEvent(
                id, 2, "renamed", null, created.configData(), Map.of(), List.of("name")))
        .when(new UpdateConfigCommand(id, "alice", "again", null, null, Map.of(), null, 1))
        .expectException(ConfigRuleException.class)
        .expectNoEvents();
  }

  @Test
  void shouldAnswerAnUpdateWithTheConfigAsItsViewWillHoldIt() {
    fixture
        .given(created())
        .when(new UpdateConfigCommand(id, "alice", "renamed", null, null, Map.of(), null, 1))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayloadMatching(
            org.axonframework.test.matchers.Matchers.predicate(
                answer ->
                    answer instanceof ConfigView view
                        && view.name().equals("renamed")
                        && view.revision() == 2
                        && view.version() == 1
                        && view.ownerId().equals("alice")));
  }

  @Test
  void shouldHideTheConfigFromAnotherUser() {
    fixture
        .given(created())
        .when(new UpdateConfigCommand(id, "mallory", "mine", null, null, Map.of(), null, null))
        .expectException(ConfigRuleException.class)
        .expectExceptionMessage("Config not found");
  }

  @Test
  void shouldRecordWhoReadTheSecrets() {
    fixture
        .given(created())
        .when(new RevealConfigSecretsCommand(id, "alice"))
        .expectEvents(new ConfigSecretsRevealedEvent(id, "alice", 1));
  }

  @Test
  void shouldRefuseAnythingOnADeletedConfig() {
    fixture
        .given(created(), new ConfigDeletedEvent(id))
        .when(new RevealConfigSecretsCommand(id, "alice"))
        .expectException(ConfigRuleException.class);
  }
}
