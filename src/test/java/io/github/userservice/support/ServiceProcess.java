package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service as an operator runs it: {@code java -jar target/user-service.jar [args]}, or a script of the
 * repository such as {@code ./run.sh nginx}, in a working folder of its own, with its standard output and error
 * captured in a log file there.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Path JAR = Path.of(System.getProperty("userservice.jar", "target/user-service.jar")).toAbsolutePath();

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(Path workingDir, String... args) {
    return start(workingDir, Map.of(), args);
  }

  /** The jar with these environment variables added, e.g. {@code USER_SERVICE_*} overrides. */
  public static ServiceProcess start(Path workingDir, Map<String, String> environment, String... args) {
    return start(workingDir, environment, List.of(), List.of(), args);
  }

  /**
   * The jar with JVM options before {@code -jar} (e.g. those of conf/jvm.options), under a command prefix such as
   * {@code taskset -c 0} (empty: none), with these environment variables added.
   */
  public static ServiceProcess start(Path workingDir, Map<String, String> environment, List<String> prefix, List<String> jvmOptions,
                                     String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    return run(workingDir, environment, command);
  }

  /** A command of the repository, e.g. {@code ./run.sh nginx}, in {@code workingDir} with these variables added. */
  public static ServiceProcess script(Path workingDir, Map<String, String> environment, String... command) {
    return run(workingDir, environment, List.of(command));
  }

  private static ServiceProcess run(Path workingDir, Map<String, String> environment, List<String> command) {
    Path log = workingDir.resolve("service-" + System.nanoTime() + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new ServiceProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the log shows {@code text}, or fails with the log. */
  public void awaitLog(String text, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!log().contains(text)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        String state = process.isAlive() ? "still running" : "exited with status " + process.exitValue();
        throw new AssertionError("the service did not log '" + text + "' (" + state + "):\n" + log());
      }
      Thread.sleep(50);
    }
  }

  /** The process id: the JVM's, also for a script that ends in {@code exec java} (as ./run.sh does). */
  public long pid() {
    return process.pid();
  }

  /** The log file, standard output and error together. */
  public Path logFile() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as an init system or {@code Ctrl-C} stops it; returns the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }

  /** SIGKILL: no shutdown hook, no chance to flush anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the service did not exit:\n" + log());
    }
    return process.exitValue();
  }

  /** Kills whatever is left, the processes a script started included. */
  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      kill();
    }
  }
}
