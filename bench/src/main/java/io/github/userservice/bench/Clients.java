package io.github.userservice.bench;

import io.github.userservice.bench.load.LoadClient;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadClient} in a JVM of its own, as the load always came from a separate process: small and fixed JVM
 * options, so that JAVA_OPTS experiments change the service only, and its CPU is the client's, not the service's.
 * Every JSON line it prints is a measurement, kept in the results and returned.
 */
final class Clients {

  private static final List<String> CLIENT_JVM = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1");

  private final Workspace workspace;
  private final Results results;
  private final Path log;

  Clients(Workspace workspace, Results results, Path log) {
    this.workspace = workspace;
    this.results = results;
    this.log = log;
  }

  /** {@code mode key=value...} against a service on port, whose pid (0: none) the client measures. */
  List<JsonObject> run(int port, long pid, String mode, String... args) {
    List<JsonObject> lines = measure(port, pid, mode, args);
    results.addAll(lines);
    return lines;
  }

  /** The same, without keeping the lines in the results (a warm-up, or a line the caller completes first). */
  List<JsonObject> measure(int port, long pid, String mode, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CLIENT_JVM);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadClient.class.getName(), mode));
    command.addAll(List.of(args));
    command.addAll(List.of("port=" + port, "pid=" + pid));
    try {
      Process client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      AutoCloseable stop = workspace.register(client::destroyForcibly); // on Ctrl-C
      List<JsonObject> lines = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("{")) {
            lines.add(new JsonObject(line));
          }
        }
      }
      int status = client.waitFor();
      workspace.closed(stop);
      if (status != 0) {
        throw new IllegalStateException("the load client failed (" + mode + "): see " + log);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
