package io.github.userservice.command;

import io.github.userservice.support.JarCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The jar's command line: java -jar user-service.jar COMMAND")
class CommandsIT {

  private static final String USAGE = "usage: java -jar user-service.jar [-conf FILE] [-cluster] | certs [-conf FILE]"
    + " | cluster-certs DIR NAME... | config [-conf FILE] [KEY...] | train\n";

  @Test
  @DisplayName("--help prints the one usage line on standard output and exits 0, starting nothing")
  void help(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "--help");

    assertEquals(0, result.status(), result.both());
    assertEquals(USAGE, result.out());
    assertEquals("", result.err());
  }

  @Test
  @DisplayName("an unknown command exits 2 with one line on standard error naming it, and the usage")
  void unknownCommand(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "cert");

    assertEquals(2, result.status(), result.both());
    assertEquals("", result.out());
    assertEquals("unknown command 'cert'; " + USAGE, result.err());
  }
}
