package io.github.userservice.command;

import io.github.userservice.support.JarCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("java -jar user-service.jar train")
class TrainCommandIT {

  private static final Pattern SCRATCH = Pattern.compile("users are kept in SQLite (\\S+)/users\\.db");

  @Test
  @DisplayName("starts the service on a scratch folder, registers and logs in over HTTPS, stops cleanly and deletes the folder")
  void rehearses(@TempDir Path dir) throws Exception {
    // the caller's overrides are for real starts: were they read, this one would fail on a PostgreSQL nobody runs
    JarCommand.Result result = JarCommand.run(dir, Map.of("USER_SERVICE_DB_URL", "postgresql://nobody@127.0.0.1:1/none"), "train");

    assertEquals(0, result.status(), result.both());
    assertTrue(result.out().contains("user-service listening on https://127.0.0.1:"), result.both());
    assertTrue(result.out().contains("method=POST path=/user/ route=/user/ status=201"), result.both());
    assertTrue(result.out().contains("method=POST path=/login route=/login status=200"), result.both());
    assertTrue(result.out().contains("user-service stopped"), result.both());
    Matcher scratch = SCRATCH.matcher(result.out());
    assertTrue(scratch.find(), result.both());
    assertFalse(Files.exists(Path.of(scratch.group(1))), "the scratch folder is deleted");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing is written where it runs");
    }
  }

  @Test
  @DisplayName("run with -XX:ArchiveClassesAtExit it leaves an archive that a later start maps the service's classes from")
  void recordsClassArchive(@TempDir Path dir) {
    Path archive = dir.resolve("user-service.jsa");

    JarCommand.Result trained = JarCommand.run(dir, Map.of(), List.of("-XX:ArchiveClassesAtExit=" + archive), "train");
    JarCommand.Result next = JarCommand.run(dir, Map.of(), List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"),
      "config", "http.port");

    assertEquals(0, trained.status(), trained.both());
    assertEquals(0, next.status(), next.both());
    assertTrue(next.out().contains("io.github.userservice.command.Commands source: shared objects file (top)"), next.out());
  }

  @Test
  @DisplayName("an argument exits 2 with its usage line, starting nothing")
  void noArguments(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "train", "-conf", "conf/config.json");

    assertEquals(2, result.status(), result.both());
    assertEquals("usage: java -jar user-service.jar train\n", result.err());
    assertEquals("", result.out());
  }
}
