package io.github.userservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** What the report's header says about the machine, the JVM, the build and the load around a run: meta lines. */
final class Machine {

  private Machine() {
  }

  static void describe(Workspace workspace, Results results, Options options) {
    results.meta("date", Bench.now());
    results.meta("command", options.command());
    results.meta("mode", options.mode().name().toLowerCase());
    results.meta("java_opts", System.getenv().getOrDefault("JAVA_OPTS", ""));
    results.meta("jvm_options_file", String.join(" ", JvmOptions.file(workspace.repo.resolve("conf/jvm.options"))));
    results.meta("bench_env", System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("BENCH_"))
      .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(" ")));
    results.meta("cores", Runtime.getRuntime().availableProcessors());
    results.meta("cpu", field(read("/proc/cpuinfo"), "model name"));
    results.meta("memory", Math.round(Long.parseLong(field(read("/proc/meminfo"), "MemTotal").replaceAll("\\D", "")) / 1048576.0) + " GiB");
    results.meta("os", field(read("/etc/os-release").replace("=", ":"), "PRETTY_NAME").replace("\"", ""));
    results.meta("jdk", System.getProperty("java.runtime.name") + " (build " + System.getProperty("java.runtime.version") + ")");
    String dirty = command(workspace.repo, "git", "status", "--porcelain", "--", "src", "pom.xml").isBlank() ? "" : " (uncommitted service changes)";
    results.meta("git", command(workspace.repo, "git", "rev-parse", "--short", "HEAD") + " on "
      + command(workspace.repo, "git", "rev-parse", "--abbrev-ref", "HEAD") + dirty);
    results.meta("wrk", Wrk.version());
    results.meta("load_before", loadAverage());
    results.meta("busy_before", command(workspace.repo, "ps", "-eo", "pcpu=,comm=", "--sort=-pcpu").lines().limit(4)
      .map(line -> line.trim().split("\\s+", 2)).filter(words -> words.length == 2)
      .map(words -> words[1] + " " + words[0] + "%; ").collect(Collectors.joining()));
    results.meta("service_jvm", String.join(" ", JvmOptions.ofService(workspace.repo)) + " + the class-data archive ./run.sh records once per build");
  }

  static void after(Results results, long startedNanos) {
    results.meta("load_after", loadAverage());
    results.meta("duration_min", Math.round((System.nanoTime() - startedNanos) / 60e9));
  }

  private static String loadAverage() {
    String[] words = read("/proc/loadavg").split(" ");
    return words[0] + " " + words[1] + " " + words[2];
  }

  /** The value of the first "NAME: value" line (cpuinfo, meminfo, os-release made alike). */
  private static String field(String text, String name) {
    return text.lines().filter(line -> line.startsWith(name)).findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }

  private static String command(Path dir, String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor();
      return output;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
