package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindRunnableConfigQuery;
import io.amplifier.appapi.configs.api.RunnableConfig;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import java.util.ArrayList;
import java.util.List;
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
        v -> {
          List<String> opened = new ArrayList<>();
          ObjectNode data = secrets.open(v.configId(), v.configData(), opened);
          return new RunnableConfig(v.configId(), v.revision(), data, opened);
        });
  }
}
