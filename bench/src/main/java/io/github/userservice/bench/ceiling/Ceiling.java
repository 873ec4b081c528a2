package io.github.userservice.bench.ceiling;

import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One repetition of the hash ceiling: {@link HashCeilingBenchmark} under JMH, verify on 1 thread and on every core,
 * hash and verify-alloc on every core, each in a fork of its own (a fresh JVM: on this kind of VM Argon2's speed differs
 * from process to process, so each repetition draws new processes), with the service's JVM options. Returns one JSON
 * line per case, section "ceiling", read by the report.
 *
 * <p>Each line names its implementation ({@code impl}): a second ceiling (another Argon2 library, same parameters, same
 * cases: a JMH class with methods verify, hash and verifyAllocating, or fewer) is one more entry in
 * {@link #IMPLEMENTATIONS}, and the report takes efficiency against the faster.
 */
public final class Ceiling {

  /** An Argon2id implementation and the JMH class that measures it. */
  public record Implementation(String name, Class<?> benchmark) {
  }

  /** The Argon2id code the ceilings run: the service's own, BouncyCastle's pure-Java generator. */
  public static final List<Implementation> IMPLEMENTATIONS = List.of(new Implementation("BouncyCastle", HashCeilingBenchmark.class));

  /** A label for the report ("default", "keycloak") and the Argon2id parameters. */
  public record Parameters(String label, int memoryKiB, int iterations, int parallelism) {
    public String text() {
      return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
  }

  private record Case(Implementation implementation, String method, String op, int threads) {
  }

  private final List<String> jvmOptions;
  private final double warmupSecs;
  private final double secs;
  private final Path log;

  /**
   * @param jvmOptions the service's JVM options, given to every fork
   * @param warmupSecs hashing before the measurement: Argon2's loops take seconds before C2 has compiled them
   * @param log        JMH's own output, appended
   */
  public Ceiling(List<String> jvmOptions, double warmupSecs, double secs, Path log) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.warmupSecs = warmupSecs;
    this.secs = secs;
    this.log = log;
  }

  public List<JsonObject> repetition(Parameters parameters, int rep) {
    int cores = Runtime.getRuntime().availableProcessors();
    List<JsonObject> lines = new ArrayList<>();
    for (Implementation implementation : IMPLEMENTATIONS) {
      for (Case c : List.of(new Case(implementation, "verify", "verify", 1), new Case(implementation, "verify", "verify", cores),
        new Case(implementation, "hash", "hash", cores), new Case(implementation, "verifyAllocating", "verify-alloc", cores))) {
        lines.add(line(parameters, rep, c, run(parameters, c)));
      }
    }
    return lines;
  }

  private RunResult run(Parameters parameters, Case c) {
    Options options = new OptionsBuilder()
      .include(c.implementation().benchmark().getName() + "\\." + c.method() + "$")
      .param("memoryKiB", String.valueOf(parameters.memoryKiB()))
      .param("iterations", String.valueOf(parameters.iterations()))
      .param("parallelism", String.valueOf(parameters.parallelism()))
      .threads(c.threads())
      .forks(1)
      .warmupIterations(1).warmupTime(TimeValue.milliseconds((long) (warmupSecs * 1000)))
      .measurementIterations(1).measurementTime(TimeValue.milliseconds((long) (secs * 1000)))
      .jvmArgs(jvmOptions.toArray(String[]::new))
      .addProfiler(GCProfiler.class)
      .addProfiler(CpuProfiler.class)
      .shouldFailOnError(true)
      .build();
    try (PrintStream out = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8)) {
      return new Runner(options, OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).runSingle();
    } catch (RunnerException | IOException e) {
      throw new IllegalStateException("the hash ceiling failed: see " + log, e);
    }
  }

  private static JsonObject line(Parameters parameters, int rep, Case c, RunResult result) {
    Map<String, Result> secondary = result.getSecondaryResults();
    double perSec = result.getPrimaryResult().getScore();
    return new JsonObject()
      .put("section", "ceiling").put("label", parameters.label()).put("impl", c.implementation().name()).put("params", parameters.text())
      .put("op", c.op()).put("threads", c.threads()).put("rep", rep)
      .put("perSec", round(perSec))
      .put("msPerOp", round(1000.0 * c.threads() / perSec))
      .put("cpuMsPerOp", score(secondary, "cpu.process"))
      .put("sysCpuMsPerOp", score(secondary, "cpu.system"))
      .put("threadCpuMsPerOp", score(secondary, "cpu.threads"))
      .put("allocMBPerOp", round(score(secondary, "gc.alloc.rate.norm") / 1048576.0))
      .put("gcMs", score(secondary, "gc.time"))
      .put("gcCount", score(secondary, "gc.count"))
      .put("firstHashMs", score(secondary, "first.hash"))
      .put("jvm", result.getParams().getVmVersion());
  }

  /** A secondary result's score, 0 when JMH reported none (the gc profiler leaves out a count of nothing). */
  private static double score(Map<String, Result> secondary, String name) {
    Result result = secondary.get(name);
    return result == null ? 0 : round(result.getScore());
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
