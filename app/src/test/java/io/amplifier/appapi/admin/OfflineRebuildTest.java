package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code --rebuild=<name>|all}: rebuilds with a progress bar and exits 0, while a running node on
 * the same database keeps its rows; an unknown name exits 1. The command line is tried for real, in
 * a second JVM on this test's database.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class OfflineRebuildTest {

  @LocalServerPort int port;
  @Autowired OfflineRebuild offline;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path dataDir;

  @Test
  void shouldRebuildWithAProgressBarAndRefuseUnknownNames(CapturedOutput output) {
    Http http = new Http(port).with("X-User-ID", "offline-rebuild-user");
    http.post(
        "/configs", Map.of("name", "kept", "config_data", Map.of("bundle", Map.of("name", "b"))));
    long rows = jdbc.queryForObject("SELECT count(*) FROM config_view", Long.class);

    assertThat(offline.rebuild(List.of("config-view"))).isZero();
    assertThat(offline.rebuild(List.of("no-such-view"))).isEqualTo(1);

    assertThat(output.getOut())
        .contains("config-view [")
        .contains("rebuilt and switched in")
        .contains("No such projection");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM config_view", Long.class)).isEqualTo(rows);
  }

  @Test
  void shouldRunFromTheCommandLineAndExit() throws Exception {
    Path log = dataDir.resolve("rebuild.log");
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.amplifier.appapi.AmplifierApplication",
                "--rebuild=all")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    command.environment().put("DATABASE_URL", TestDatabase.jdbcUrl());
    command.environment().put("CONFIG_ENCRYPTION_KEY", ApiTest.MASTER_KEY);
    command.environment().put("AMPLIFIER_DATA_DIR", dataDir.toString());
    command.environment().put("DATABASE_POOL_MIN_SIZE", "1");
    command.environment().put("DATABASE_POOL_MAX_SIZE", "5");
    Process process = command.start();
    try {
      assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("the rebuild ends on its own").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String printed = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(process.exitValue())
        .as(printed.length() > 4000 ? printed.substring(printed.length() - 4000) : printed)
        .isZero();
    for (String name : ProjectionRebuilds.TABLES.keySet()) {
      assertThat(printed).contains(name + ": rebuilt and switched in");
    }
    assertThat(printed).containsPattern("\\[#+-*\\] +\\d+%");
    assertThat(new File(dataDir.toFile(), "master.key"))
        .as("it used the configured key")
        .doesNotExist();
  }
}
