package io.github.userservice.command;

import java.util.List;

/** One subcommand of the jar: {@code java -jar user-service.jar NAME ARGS...}. */
interface Command {

  /** Runs with the arguments after the command's name and returns the process's exit status ({@link Commands}). */
  int run(List<String> args);
}
