package io.github.userservice.command;

import io.github.userservice.cluster.ClusterCertificates;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cluster-certs DIR NAME...}: the cluster's CA in {@code DIR} (made once) and a certificate per node that has
 * none yet, for the event bus's mutual TLS ({@link ClusterCertificates}); one line per file made or kept.
 */
final class ClusterCertsCommand implements Command {

  private static final String USAGE = "usage: java -jar user-service.jar cluster-certs DIR NAME..."
    + " (a node name: letters, digits, '.' and '-')";

  @Override
  public int run(List<String> args) {
    if (args.size() < 2 || args.stream().anyMatch(arg -> arg.startsWith("-"))) {
      return Commands.wrongArguments(USAGE);
    }
    try {
      ClusterCertificates.make(Path.of(args.get(0)), args.subList(1, args.size()), System.out::println);
      return Commands.DONE;
    } catch (IllegalArgumentException e) {
      return Commands.wrongArguments("Cannot make the cluster certificates: " + e.getMessage());
    } catch (UncheckedIOException e) {
      System.err.println("Cannot make the cluster certificates: " + e.getMessage() + ": " + e.getCause());
      return Commands.FAILED;
    }
  }
}
