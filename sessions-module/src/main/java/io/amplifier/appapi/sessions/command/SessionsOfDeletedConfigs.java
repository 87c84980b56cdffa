package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.sessions.api.CloseSessionCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Closes the sessions of a deleted config: its data key, and so its provider keys, were shredded
 * with it, so they could not run another turn. Their transcripts stay readable. A side effect, so
 * never replayed.
 */
@Component
@ProcessingGroup("session-config-closer")
class SessionsOfDeletedConfigs {

  private final JdbcTemplate jdbc;
  private final CommandGateway commands;

  SessionsOfDeletedConfigs(JdbcTemplate jdbc, CommandGateway commands) {
    this.jdbc = jdbc;
    this.commands = commands;
  }

  @EventHandler
  @DisallowReplay
  void on(ConfigDeletedEvent event) {
    for (UUID session :
        jdbc.queryForList(
            "SELECT session_id FROM session_view WHERE config_id = ? AND NOT deleted",
            UUID.class,
            event.configId().toString())) {
      commands.sendAndWait(
          new CloseSessionCommand(new SessionId(session), "its config was deleted"));
    }
  }
}
