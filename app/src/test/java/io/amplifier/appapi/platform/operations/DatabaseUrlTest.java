package io.amplifier.appapi.platform.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DATABASE_URL is accepted in the original service's form and in JDBC's. */
class DatabaseUrlTest {

  @Test
  void shouldTurnTheOriginalFormIntoJdbc() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://amp:s3cr%40t@db.internal:6543/amplifier");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/amplifier");
    assertThat(url.username()).isEqualTo("amp");
    assertThat(url.password()).isEqualTo("s3cr@t");
  }

  @Test
  void shouldAcceptDriverSuffixesAndThePostgresScheme() {
    assertThat(DatabaseUrl.parse("postgresql+asyncpg://u:p@h/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db");
    assertThat(DatabaseUrl.parse("postgres://u@h:5432/db?sslmode=require").jdbcUrl())
        .isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
  }

  @Test
  void shouldPassJdbcUrlsThrough() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/test?user=postgres");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/test?user=postgres");
    assertThat(url.username()).isNull();
  }

  @Test
  void shouldRejectOtherDatabases() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not PostgreSQL");
    assertThatThrownBy(() -> DatabaseUrl.parse("just-a-host"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNeverPrintThePassword() {
    assertThat(DatabaseUrl.parse("postgresql://u:hunter2@h/db").toString())
        .doesNotContain("hunter2");
  }
}
