package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A subcommand of the packaged jar run to its end, as an operator types it: {@code java [JVM options] -jar
 * target/user-service.jar ARGS} in a working folder, with environment variables added; its exit status and its
 * standard output and error kept apart.
 */
public final class JarCommand {

  private static final Path JAR = Path.of(System.getProperty("userservice.jar", "target/user-service.jar")).toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 120;

  /** What the command left: its exit status, standard output, standard error. */
  public record Result(int status, String out, String err) {

    /** Both streams, for assertion messages. */
    public String both() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private JarCommand() {
  }

  public static Result run(Path workingDir, String... args) {
    return run(workingDir, Map.of(), List.of(), args);
  }

  public static Result run(Path workingDir, Map<String, String> environment, String... args) {
    return run(workingDir, environment, List.of(), args);
  }

  /** With JVM options before {@code -jar}, e.g. a class-data archive's. */
  public static Result run(Path workingDir, Map<String, String> environment, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workingDir, "out-", ".txt");
      Path err = Files.createTempFile(workingDir, "err-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not end within " + TIMEOUT_SECONDS + " s:\n" + Files.readString(out) + Files.readString(err));
      }
      Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
