package io.github.userservice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of bench/run.sh: which run (full, quick, only some sections, a chart drawn again, the tuning
 * pass) and the sections it measures.
 */
record Options(Mode mode, Set<String> sections, Path chartOf, List<String> tuneNames, String command) {

  enum Mode { FULL, QUICK, ONLY, CHART, TUNE, HELP }

  /** Every section of a full run, in the order they run; "profile" runs only when asked for. */
  static final List<String> FULL_RUN = List.of("login", "register", "burst", "mixed", "get", "overload", "keycloak",
    "cluster", "postgres", "cold", "scale");

  static final List<String> KNOWN = concat(FULL_RUN, List.of("profile"));

  static final String USAGE = """
    bench/run.sh                 full run: 3 repetitions of everything cheap, medians (about an hour); writes bench/RESULTS.md
                                 and bench/chart.svg
    bench/run.sh --quick         1 repetition, short windows, stores of 10k and 100k users
    bench/run.sh --only LIST     some sections only, comma-separated: login (with the hash ceiling), register, burst, mixed,
                                 get, overload, keycloak (Keycloak 26 itself beside our service with Keycloak's Argon2
                                 parameters, and their ceiling), cluster, postgres, cold, scale, profile (not in a full
                                 run: a JFR recording of logins at 16 clients, summed up in bench/out/STAMP-profile.md)
    bench/run.sh --chart FILE    measures nothing: draws the chart of an earlier run again from its raw measurements
                                 (bench/out/STAMP-results.jsonl) and checks it in Chromium
    bench/run.sh --tune [NAME..] the tuning pass: a quick run of login,get,overload,cold per JVM configuration, one row
                                 each in bench/TUNING.md
    --quick combines with --only. Any run but a full one writes bench/out/RESULTS-partial.md and chart-partial.svg; every
    run leaves its raw measurements (bench/out/STAMP-results.jsonl) and the service logs in bench/out/.

    Environment: JAVA_OPTS (JVM options for the service after conf/jvm.options, and for the ceiling's forks), PATH (picks
    the JDK), BENCH_WORKERS (worker.instances), BENCH_HTTP_INSTANCES (http.instances), BENCH_MAX_QUEUE_WAIT_MS
    (worker.maxQueueWaitMs), BENCH_OUT (write the tables to this file instead), BENCH_REPS (repetitions).
    """;

  static Options parse(String[] args) {
    boolean quick = false;
    Set<String> only = null;
    Path chart = null;
    List<String> tune = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only = sections(value(args, ++i, "--only"));
        case "--chart" -> chart = Path.of(value(args, ++i, "--chart"));
        case "--tune" -> {
          tune = new ArrayList<>();
          while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
            tune.add(args[++i]);
          }
        }
        case "-h", "--help" -> {
          return new Options(Mode.HELP, Set.of(), null, List.of(), "");
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (see bench/run.sh --help)");
      }
    }
    String command = "bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
    if (chart != null) {
      return new Options(Mode.CHART, Set.of(), chart, List.of(), command);
    }
    if (tune != null) {
      return new Options(Mode.TUNE, Set.of(), null, tune, command);
    }
    Mode mode = quick ? Mode.QUICK : only != null ? Mode.ONLY : Mode.FULL;
    return new Options(mode, only != null ? only : new LinkedHashSet<>(FULL_RUN), null, List.of(), command);
  }

  boolean wants(String section) {
    return sections.contains(section);
  }

  boolean wantsAny(String... names) {
    for (String name : names) {
      if (wants(name)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> sections(String list) {
    Set<String> sections = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      if (!KNOWN.contains(name.trim())) {
        throw new IllegalArgumentException("unknown section: " + name + " (known: " + String.join(", ", KNOWN) + ")");
      }
      sections.add(name.trim());
    }
    return sections;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
