package io.github.userservice.bench;

import io.github.userservice.bench.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tuning pass: a quick run of the sections that JVM and worker settings move, once per configuration, in a driver
 * process of its own with that configuration's JDK, JAVA_OPTS and BENCH_* settings; one summary row each, side by side
 * in bench/TUNING.md. The class-data archives (AppCDS on JDK 17, the AOT cache on JDK 25) are made first by a training
 * run of the service, into bench/out/.
 */
final class Tune {

  private static final String SECTIONS = "login,get,overload,cold";

  /** A configuration: its name, JDK (null: the driver's), JAVA_OPTS, environment; {@code $OUT} is bench/out. */
  private record Configuration(String name, Path jdk, String javaOpts, Map<String, String> environment) {
  }

  private final List<String> wanted;
  private final Path repo = Path.of("").toAbsolutePath();
  private final Path out = repo.resolve("bench/out");

  Tune(List<String> wanted) {
    this.wanted = wanted;
  }

  private List<Configuration> configurations() {
    Path jdk25 = Launch.jdk25().orElse(null);
    List<Configuration> all = new ArrayList<>(List.of(
      new Configuration("jdk17-defaults", null, "", Map.of()),
      new Configuration("g1-256m", null, "-Xmx256m", Map.of()),
      new Configuration("g1-512m", null, "-Xmx512m", Map.of()),
      new Configuration("serial-128m", null, "-XX:+UseSerialGC -Xmx128m", Map.of()),
      new Configuration("serial-256m", null, "-XX:+UseSerialGC -Xmx256m", Map.of()),
      new Configuration("parallel-256m", null, "-XX:+UseParallelGC -Xmx256m", Map.of()),
      new Configuration("serial-256m-workers1", null, "-XX:+UseSerialGC -Xmx256m", Map.of("BENCH_WORKERS", "1")),
      new Configuration("serial-256m-workers3", null, "-XX:+UseSerialGC -Xmx256m", Map.of("BENCH_WORKERS", "3")),
      new Configuration("serial-256m-http1", null, "-XX:+UseSerialGC -Xmx256m", Map.of("BENCH_HTTP_INSTANCES", "1")),
      new Configuration("serial-256m-appcds", null, "-XX:+UseSerialGC -Xmx256m -XX:SharedArchiveFile=" + out.resolve("user-service.jsa"), Map.of()),
      new Configuration("serial-128m-xms16-arena2", null, "-XX:+UseSerialGC -Xms16m -Xmx128m", Map.of("MALLOC_ARENA_MAX", "2"))));
    if (jdk25 != null) {
      all.add(new Configuration("jdk25-defaults", jdk25, "", Map.of()));
      all.add(new Configuration("jdk25-serial-256m", jdk25, "-XX:+UseSerialGC -Xmx256m", Map.of()));
      all.add(new Configuration("jdk25-serial-256m-aot", jdk25, "-XX:+UseSerialGC -Xmx256m -XX:AOTCache=" + out.resolve("user-service.aot"), Map.of()));
    }
    return all;
  }

  int run() {
    try {
      Files.createDirectories(out);
      String reps = System.getenv().getOrDefault("BENCH_REPS", "2");
      for (Configuration c : configurations()) {
        if (!wanted.isEmpty() && !wanted.contains(c.name())) {
          continue;
        }
        if (c.javaOpts().contains("SharedArchiveFile")) {
          new TrainingRun(repo, c.jdk()).record("-XX:ArchiveClassesAtExit=" + out.resolve("user-service.jsa"), out.resolve("user-service.jsa"));
        } else if (c.javaOpts().contains("AOTCache=")) {
          new TrainingRun(repo, c.jdk()).record("-XX:AOTCacheOutput=" + out.resolve("user-service.aot"), out.resolve("user-service.aot"));
        }
        Bench.log("tune: " + c.name() + " (JAVA_OPTS='" + c.javaOpts() + "' " + c.environment() + ")");
        Path table = out.resolve("tune-" + c.name() + ".md");
        if (quickRun(c, reps, table) != 0) {
          throw new IllegalStateException("the quick run of " + c.name() + " failed");
        }
        Files.writeString(out.resolve("tune-row-" + c.name() + ".md"), Report.summary(newestResults(), c.name()));
      }
      writeTable(reps);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The driver again, in a process with the configuration's JDK first on the PATH, its JAVA_OPTS and settings. */
  private int quickRun(Configuration c, String reps, Path table) throws IOException, InterruptedException {
    String java = (c.jdk() != null ? c.jdk() : Path.of(System.getProperty("java.home"))).resolve("bin/java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
      "--quick", "--only", SECTIONS).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> environment = builder.environment();
    environment.putAll(c.environment());
    environment.put("JAVA_OPTS", c.javaOpts());
    environment.put("BENCH_OUT", table.toString());
    environment.put("BENCH_REPS", reps);
    if (c.jdk() != null) {
      environment.put("PATH", c.jdk().resolve("bin") + ":" + System.getenv("PATH"));
    }
    return builder.start().waitFor();
  }

  private Path newestResults() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-results.jsonl")).max(Path::compareTo).orElseThrow();
    }
  }

  /** Every configuration measured so far (runs of a few names add to it), in the list's order. */
  private void writeTable(String reps) throws IOException {
    StringBuilder table = new StringBuilder("# Tuning pass\n\n");
    table.append("`bench/run.sh --tune` on ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
      .append(" cores, load average before: ").append(Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0]).append(".\n");
    table.append("Each row: `bench/run.sh --quick --only ").append(SECTIONS).append("` with BENCH_REPS=").append(reps)
      .append(", medians; the full tables of each run\nare in bench/out/tune-NAME.md. Configurations named after their JAVA_OPTS and "
        + "BENCH_* settings (see bench/src/main/java/.../Tune.java).\n\n");
    table.append(Report.SUMMARY_HEADER);
    for (Configuration c : configurations()) {
      Path row = out.resolve("tune-row-" + c.name() + ".md");
      if (Files.exists(row)) {
        table.append(Files.readString(row));
      }
    }
    Files.writeString(repo.resolve("bench/TUNING.md"), table.toString());
    System.out.print(table);
  }
}
