package io.github.userservice.bench.ceiling;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.PasswordHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * hash (and for BouncyCastle verify-alloc) on every core, each in a fork of its own (a fresh JVM: on this kind of VM
 * Argon2's speed differs from process to process, so each repetition draws new processes), with the service's JVM
 * options. Returns one JSON line per case, section "ceiling", read by the report.
 *
 * <p>Each line names its implementation ({@code impl}): BouncyCastle's pooled loop, the best a Java server can do,
 * and libsodium's, the CPU's speed, where the machine has libsodium. Both run as the service runs them (one process,
 * one thread per core, {@code argon2.engine} {@code java} or {@code native}); the report takes efficiency against
 * the faster and names it.
 */
public final class Ceiling {

  /** An Argon2id implementation: its name in the report, and the {@code argon2.engine} that computes with it. */
  public record Implementation(String name, String engine) {
  }

  public static final Implementation BOUNCY_CASTLE = new Implementation("BouncyCastle", "java");
  public static final Implementation LIBSODIUM = new Implementation("libsodium", "native");

  /** A label for the report ("default", "keycloak") and the Argon2id parameters. */
  public record Parameters(String label, int memoryKiB, int iterations, int parallelism) {
    public String text() {
      return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
  }

  private record Case(Implementation implementation, String method, String op, int threads) {
  }

  private final List<Implementation> implementations;
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
    this(available(), jvmOptions, warmupSecs, secs, log);
  }

  private Ceiling(List<Implementation> implementations, List<String> jvmOptions, double warmupSecs, double secs, Path log) {
    this.implementations = implementations;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.warmupSecs = warmupSecs;
    this.secs = secs;
    this.log = log;
  }

  /** The same ceiling with other JVM options: a service started another way is measured against its own. */
  public Ceiling withJvmOptions(List<String> options) {
    return new Ceiling(implementations, options, warmupSecs, secs, log);
  }

  /** The implementations this machine has: BouncyCastle always, libsodium where it loads. */
  public List<Implementation> implementations() {
    return implementations;
  }

  /** Every case of every implementation. */
  public List<JsonObject> repetition(Parameters parameters, int rep) {
    int cores = Runtime.getRuntime().availableProcessors();
    List<JsonObject> lines = new ArrayList<>();
    for (Implementation implementation : implementations) {
      List<Case> cases = new ArrayList<>(List.of(new Case(implementation, "verify", "verify", 1),
        new Case(implementation, "verify", "verify", cores), new Case(implementation, "hash", "hash", cores)));
      if (implementation.equals(BOUNCY_CASTLE)) { // libsodium maps its memory afresh on every call anyway
        cases.add(new Case(implementation, "verifyAllocating", "verify-alloc", cores));
      }
      for (Case c : cases) {
        lines.add(line(parameters, rep, c, run(parameters, c)));
      }
    }
    return lines;
  }

  /** Only what efficiency is taken against: verify on every core, by each implementation. */
  public List<JsonObject> allCoresVerify(Parameters parameters, int rep) {
    int cores = Runtime.getRuntime().availableProcessors();
    List<JsonObject> lines = new ArrayList<>();
    for (Implementation implementation : implementations) {
      Case c = new Case(implementation, "verify", "verify", cores);
      lines.add(line(parameters, rep, c, run(parameters, c)));
    }
    return lines;
  }

  /**
   * BouncyCastle, and libsodium when a hasher with {@code argon2.engine} {@code native} starts in this JVM (the same
   * libsodium a fork would load): a machine without it still measures, with one ceiling.
   */
  private static List<Implementation> available() {
    try {
      new PasswordHasher(1, new ServiceConfig.Argon2(64, 1, 1, 16, 32).withEngine(ServiceConfig.Argon2.Engine.NATIVE),
        ServiceConfig.fromJson(new JsonObject()).imports(), new SimpleMeterRegistry());
      return List.of(BOUNCY_CASTLE, LIBSODIUM);
    } catch (IllegalStateException unusable) {
      return List.of(BOUNCY_CASTLE);
    }
  }

  private RunResult run(Parameters parameters, Case c) {
    Options options = new OptionsBuilder()
      .include(HashCeilingBenchmark.class.getName() + "\\." + c.method() + "$")
      .param("memoryKiB", String.valueOf(parameters.memoryKiB()))
      .param("iterations", String.valueOf(parameters.iterations()))
      .param("parallelism", String.valueOf(parameters.parallelism()))
      .param("engine", c.implementation().engine())
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
