package io.amplifier.appapi.users.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.Projector;
import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import io.amplifier.appapi.users.api.ListApplicationsQuery;
import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application-view and user-view projections against the real PostgreSQL: events in, the query
 * handler's answer out; redelivery changes nothing and a replay after reset rebuilds the same rows.
 */
class UsersProjectionTest {

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("users");
  private final Projector.Commits commits = new Projector.Commits();
  private final ApplicationQueryHandler queries =
      new ApplicationQueryHandler(jdbc, new ObjectMapper(), commits);

  @Test
  void shouldProjectAnApplicationThroughItsLifeAndRebuildItIdentically() {
    String id = "app-" + UUID.randomUUID();
    String gone = "app-" + UUID.randomUUID();
    Projector projector =
        new Projector(
            new ApplicationViewProjection(jdbc, new ObjectMapper(), commits, new ApiKeys(queries)));

    projector
        .apply(
            id,
            new ApplicationRegisteredEvent(
                id, "CLI", "app_aaaaaaaa", "hash-1", true, Map.of("tier", "gold")))
        .apply(id, new ApplicationKeyRegeneratedEvent(id, "app_bbbbbbbb", "hash-2"))
        .apply(
            gone,
            new ApplicationRegisteredEvent(gone, "Old", "app_cccccccc", "hash-3", false, Map.of()))
        .apply(gone, new ApplicationDeletedEvent(gone));

    ApplicationView view = queries.find(new FindApplicationQuery(id, 1)).orElseThrow();
    assertThat(view.keyPrefix()).isEqualTo("app_bbbbbbbb");
    assertThat(view.admin()).isTrue();
    assertThat(view.settings()).containsEntry("tier", "gold");
    assertThat(view.version()).isEqualTo(1);
    assertThat(queries.find(new FindApplicationQuery(gone, 1))).isEmpty();
    assertThat(queries.list(new ListApplicationsQuery()).applications())
        .extracting(ApplicationView::appId)
        .contains(id)
        .doesNotContain(gone);
    assertThat(commits.generation()).isEqualTo(4);

    projector.assertIdempotentAndReplayable(() -> rows("application_view", "app_id"));
  }

  @Test
  void shouldProjectUsersFirstAndLastSeenAndRebuildThemIdentically() {
    String alice = "alice-" + UUID.randomUUID();
    Projector projector = new Projector(new UserViewProjection(jdbc));

    projector
        .apply("user:" + alice, new UserFirstSeenEvent(alice, "cli"))
        .apply("user:" + alice, new UserSeenAgainEvent(alice, "web"));

    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM user_view WHERE user_id = ?", alice);
    assertThat(row.get("last_app_id")).isEqualTo("web");
    assertThat(row.get("version")).isEqualTo(1L);
    assertThat(row.get("first_seen")).isNotEqualTo(row.get("last_seen"));

    projector.assertIdempotentAndReplayable(() -> rows("user_view", "user_id"));
  }

  private List<Map<String, Object>> rows(String table, String key) {
    return jdbc.queryForList("SELECT * FROM " + table + " ORDER BY " + key);
  }
}
