package io.github.userservice.bench;

import io.github.userservice.bench.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The benchmark of user-service. Not a test: it measures, and writes markdown tables with the machine's description
 * (bench/RESULTS.md after a full run, bench/out/RESULTS-partial.md otherwise) and a chart. bench/run.sh builds it with
 * Maven ({@code -Pbench}) and starts it in the repository; {@code bench/run.sh --help} lists the options.
 */
public final class Bench {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Options options;
  private final Durations durations;
  private final java.util.List<String> failed = new java.util.ArrayList<>();

  private Bench(Options options) {
    this.options = options;
    this.durations = (options.mode() == Options.Mode.QUICK ? Durations.quick() : Durations.full()).withReps(System.getenv("BENCH_REPS"));
  }

  public static void main(String[] args) {
    int status;
    try {
      Options options = Options.parse(args);
      status = switch (options.mode()) {
        case HELP -> {
          System.out.print(Options.USAGE);
          yield 0;
        }
        case CHART -> Charts.redraw(Path.of("").toAbsolutePath(), options.chartOf());
        case TUNE -> new Tune(options.tuneNames()).run();
        default -> new Bench(options).run();
      };
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      status = 2;
    } catch (RuntimeException e) {
      System.err.println("bench: " + e.getMessage());
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  static void log(String message) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + message);
  }

  private int run() {
    Tools.require("wrk");
    long started = System.nanoTime();
    try (Workspace workspace = new Workspace()) {
      Results results = new Results(workspace.work.resolve("results.jsonl"));
      Run run = new Run(options, durations, workspace, results);
      String stamp = LocalDateTime.now().format(STAMP);
      Machine.describe(workspace, results, options);
      if (options.wantsAny("login", "register", "mixed", "get", "overload")) {
        section(workspace, results, "shipped parameters", () -> new ShippedParameters(run).measure());
      }
      if (options.wants("burst")) {
        section(workspace, results, "bursts", () -> new Bursts(run).measure());
      }
      if (options.wants("keycloak")) {
        section(workspace, results, "keycloak", () -> new KeycloakSide(run).measure());
      }
      if (options.wants("cluster")) {
        section(workspace, results, "cluster", () -> new Cluster(run).measure());
      }
      if (options.wants("postgres")) {
        section(workspace, results, "postgres", () -> new Databases(run).measure());
      }
      if (options.wants("cold")) {
        section(workspace, results, "cold", () -> new ColdStart(run).measure());
      }
      if (options.wants("scale")) {
        section(workspace, results, "scale", () -> new StoreScale(run).measure());
      }
      if (options.wants("profile")) {
        section(workspace, results, "profile", () -> new Profiling(run).measure(stamp));
      }
      if (!Service.readyPath().equals("/health/ready")) {
        results.note("this build has no /health/ready: readiness is taken from /health, which runs the same checks");
      }
      Machine.after(results, started);
      int chart = write(workspace, results, stamp);
      if (!failed.isEmpty()) {
        log("FAILED: " + String.join(", ", failed) + " (the report says why; what was measured is written)");
        return 1;
      }
      return chart;
    }
  }

  /**
   * One section; a failure (a service that would not start, say) is written into the results and the run goes on
   * with the next, so that an hour's run still reports what it measured. The run then exits with 1.
   */
  private void section(Workspace workspace, Results results, String name, Runnable section) {
    try {
      section.run();
    } catch (RuntimeException e) {
      log("the " + name + " section FAILED: " + e.getMessage());
      e.printStackTrace();
      results.note("**the " + name + " section failed**, its tables are incomplete: " + e.getMessage().lines().findFirst().orElse(e.toString()));
      failed.add(name);
      workspace.stopAll(); // what the section left running would disturb the next
    }
  }

  /** The tables and the chart: a full run's into bench/, any other's into bench/out/; the raw lines always beside. */
  private int write(Workspace workspace, Results results, String stamp) {
    try {
      Files.copy(results.file(), workspace.out.resolve(stamp + "-results.jsonl"));
      boolean full = options.mode() == Options.Mode.FULL;
      Path report = Service.env("BENCH_OUT").map(Path::of)
        .orElse(full ? workspace.bench.resolve("RESULTS.md") : workspace.out.resolve("RESULTS-partial.md"));
      String markdown = Report.markdown(results.file());
      if (report.equals(workspace.bench.resolve("RESULTS.md"))) {
        markdown = markdown + HandWritten.sections(report); // what people wrote about the results stays
      }
      Files.writeString(report, markdown);
      Files.copy(report, workspace.out.resolve(stamp + "-RESULTS.md"));
      Path chart = report.equals(workspace.bench.resolve("RESULTS.md")) ? workspace.bench.resolve("chart.svg")
        : workspace.out.resolve("chart-partial.svg");
      Files.writeString(chart, Report.chart(results.file()));
      Files.copy(chart, workspace.out.resolve(stamp + "-chart.svg"));
      System.out.print(markdown);
      log("tables written to " + workspace.repo.relativize(report) + ", the chart to " + workspace.repo.relativize(chart)
        + "; raw measurements in bench/out/" + stamp + "-results.jsonl");
      return Charts.check(workspace.repo, chart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
