package io.github.userservice.bench.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the service's CPU went, from a JFR recording made during a login run (bench/run.sh --only profile): execution
 * samples by thread kind, the hottest methods (self time) of everything but Argon2, the JIT's work and the
 * allocations, as markdown tables. Not a test: it reads what the JVM recorded.
 *
 */
public final class Profile {

  private static final int TOP = 25;

  private final Map<String, Integer> samplesByThread = new HashMap<>();
  private final Map<String, Integer> selfByMethod = new HashMap<>();
  private final Map<String, Integer> inclusiveByMethod = new HashMap<>();
  private final Map<String, Long> allocatedByThread = new HashMap<>();
  private final Map<String, Duration> compileTimeByLevel = new HashMap<>();
  private final Map<String, Integer> deoptimizationsByReason = new HashMap<>();
  private int nonHashingSamples;

  private final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
  private final java.io.PrintStream out = new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8);

  /** The markdown summary of a recording made during {@code logins} successful logins. */
  public static String summarize(Path recording, long logins) throws IOException {
    Profile profile = new Profile();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      profile.add(event);
    }
    profile.print(logins);
    return profile.text.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void add(RecordedEvent event) {
    switch (event.getEventType().getName()) {
      case "jdk.ExecutionSample" -> addSample(threadKind(event.getThread("sampledThread")), event.getStackTrace());
      case "jdk.ObjectAllocationSample" ->
        allocatedByThread.merge(threadKind(event.getThread("eventThread")), event.getLong("weight"), Long::sum);
      case "jdk.Compilation" ->
        compileTimeByLevel.merge("tier " + event.getValue("compileLevel"), event.getDuration(), Duration::plus);
      case "jdk.Deoptimization" -> deoptimizationsByReason.merge(event.getString("reason"), 1, Integer::sum);
      default -> { }
    }
  }

  private void addSample(String thread, RecordedStackTrace stack) {
    samplesByThread.merge(thread, 1, Integer::sum);
    if (stack == null || stack.getFrames().isEmpty() || thread.equals("argon2")) {
      return;
    }
    nonHashingSamples++;
    List<RecordedFrame> frames = stack.getFrames();
    selfByMethod.merge(thread + " | " + name(frames.get(0)), 1, Integer::sum);
    frames.stream().map(Profile::name).distinct().forEach(method -> inclusiveByMethod.merge(method, 1, Integer::sum));
  }

  private void print(long logins) {
    int samples = samplesByThread.values().stream().mapToInt(Integer::intValue).sum();
    out.printf("%n%d execution samples (every 10-20 ms of a running Java thread; native and idle time not sampled), %d logins%n%n", samples, logins);
    table("thread kind", "samples", "share", samplesByThread, samples);
    table("thread kind | method (self), hashing threads left out", "samples", "share of the rest", selfByMethod, nonHashingSamples);
    table("method on the stack (inclusive), hashing threads left out", "samples", "share of the rest", inclusiveByMethod, nonHashingSamples);
    out.println("| thread kind | MB allocated per login (sampled estimate) |\n|---|---|");
    allocatedByThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
      .forEach(e -> out.printf("| %s | %.3f |%n", e.getKey(), e.getValue() / 1e6 / logins));
    out.println("\n| JIT | ms of compilation per login |\n|---|---|");
    compileTimeByLevel.forEach((level, time) -> out.printf("| %s | %.3f |%n", level, time.toNanos() / 1e6 / logins));
    out.println("\n| deoptimization reason | count |\n|---|---|");
    deoptimizationsByReason.forEach((reason, count) -> out.printf("| %s | %d |%n", reason, count));
  }

  private void table(String what, String unit, String share, Map<String, Integer> counts, int total) {
    out.printf("| %s | %s | %s |%n|---|---|---|%n", what, unit, share);
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
      .forEach(e -> out.printf("| %s | %d | %.1f %% |%n", e.getKey(), e.getValue(), 100.0 * e.getValue() / total));
    out.println();
  }

  /** The thread's name without its numbers, as the bench's thread-CPU table groups them. */
  private static String threadKind(RecordedThread thread) {
    String name = thread == null || thread.getJavaName() == null ? "(native)" : thread.getJavaName();
    return name.replaceAll("[0-9]+", "").replaceAll("[#-]+$", "").trim();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName().replaceAll("^.*\\.", "") + "." + frame.getMethod().getName();
  }
}
