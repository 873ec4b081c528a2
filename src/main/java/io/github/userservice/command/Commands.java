package io.github.userservice.command;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The jar's subcommands, chosen by the first argument before the Vert.x launcher sees any, as {@code kc.sh build} or
 * {@code kratos migrate} are: {@code certs}, {@code cluster-certs}, {@code config} and {@code train}. Arguments that
 * start with an option ({@code -conf FILE}, {@code -cluster}), or none at all, are the service's own and go to the
 * launcher unchanged. Exit statuses: 0 done, 1 refused or failed (e.g. a file exists), 2 a wrong argument or
 * configuration, with one line on standard error saying which.
 */
public final class Commands {

  static final String USAGE = "usage: java -jar user-service.jar [-conf FILE] [-cluster] | certs [-conf FILE]"
    + " | cluster-certs DIR NAME... | config [-conf FILE] [KEY...] | train";
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int WRONG_ARGUMENTS = 2;

  private static final List<String> HELP = List.of("-h", "-help", "--help", "help");

  private static final Map<String, Function<ServiceStarter, Command>> COMMANDS = Map.of(
    "certs", starter -> new CertsCommand(),
    "cluster-certs", starter -> new ClusterCertsCommand(),
    "config", starter -> new ConfigCommand(),
    "train", TrainCommand::new);

  private Commands() {
  }

  /**
   * Runs the subcommand {@code args[0]} names (or prints the usage line) and returns the exit status; empty when the
   * arguments are the service's own, for the launcher.
   */
  public static OptionalInt run(String[] args, ServiceStarter starter) {
    if (args.length == 0 || args[0].startsWith("-") && !HELP.contains(args[0])) {
      return OptionalInt.empty();
    }
    if (HELP.contains(args[0])) {
      System.out.println(USAGE);
      return OptionalInt.of(DONE);
    }
    Function<ServiceStarter, Command> command = COMMANDS.get(args[0]);
    if (command == null) {
      return OptionalInt.of(wrongArguments("unknown command '" + args[0] + "'; " + USAGE));
    }
    return OptionalInt.of(command.apply(starter).run(Arrays.asList(args).subList(1, args.length)));
  }

  /** Prints {@code line} on standard error and returns the status for a wrong argument. */
  static int wrongArguments(String line) {
    System.err.println(line);
    return WRONG_ARGUMENTS;
  }
}
