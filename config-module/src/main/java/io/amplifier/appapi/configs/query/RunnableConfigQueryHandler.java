package io.amplifier.appapi.configs.query;

import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindRunnableConfigQuery;
import io.amplifier.appapi.configs.api.RunnableConfig;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Opens a config's secrets in memory for a turn; empty when the config is gone or not the owner's.
 */
@Component
class RunnableConfigQueryHandler {

  private final ConfigQueryHandler configs;
  private final ConfigSecrets secrets;

  RunnableConfigQueryHandler(ConfigQueryHandler configs, ConfigSecrets secrets) {
    this.configs = configs;
    this.secrets = secrets;
  }

  @QueryHandler
  Optional<RunnableConfig> find(FindRunnableConfigQuery query) {
    Optional<ConfigView> view =
        configs.find(new FindConfigQuery(query.configId(), query.ownerId(), -1));
    return view.map(
        v ->
            new RunnableConfig(
                v.configId(), v.revision(), secrets.open(v.configId(), v.configData())));
  }
}
