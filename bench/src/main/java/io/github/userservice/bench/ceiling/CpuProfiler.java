package io.github.userservice.bench.ceiling;

import io.github.userservice.support.ProcStat;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hash costs the whole fork, as the service's hashes cost the service: CPU-ms per operation of the process from
 * /proc/self/stat (garbage collection and JIT count), the share of it in the kernel, and the CPU-ms of the benchmark's
 * own threads alone; plus the fork's first hash. Runs inside the JMH fork, around each iteration.
 */
public final class CpuProfiler implements InternalProfiler {

  private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private long[] process0;
  private Map<Long, Long> threads0;

  @Override
  public String getDescription() {
    return "process and benchmark-thread CPU per operation from /proc/self/stat and the ThreadMXBean";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    threads0 = workerCpuNanos();
    process0 = ProcStat.userAndSystemTicks(ProcessHandle.current().pid());
  }

  @Override
  public List<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long[] process1 = ProcStat.userAndSystemTicks(ProcessHandle.current().pid());
    Map<Long, Long> threads1 = workerCpuNanos();
    long ops = Math.max(1, result.getMetadata().getAllOps());
    long threadNanos = threads1.entrySet().stream().mapToLong(e -> e.getValue() - threads0.getOrDefault(e.getKey(), 0L)).sum();
    double processMs = ProcStat.ticksToMs(process1[0] + process1[1] - process0[0] - process0[1]);
    return List.of(
      new ScalarResult("cpu.process", processMs / ops, "ms/op", AggregationPolicy.AVG),
      new ScalarResult("cpu.system", ProcStat.ticksToMs(process1[1] - process0[1]) / ops, "ms/op", AggregationPolicy.AVG),
      new ScalarResult("cpu.threads", threadNanos / 1e6 / ops, "ms/op", AggregationPolicy.AVG),
      new ScalarResult("first.hash", HashCeilingBenchmark.firstHashMs, "ms", AggregationPolicy.MAX));
  }

  /** CPU time of JMH's worker threads, by thread id: the threads that run the benchmark method. */
  private static Map<Long, Long> workerCpuNanos() {
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().contains("jmh-worker")) {
        cpu.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId()));
      }
    }
    return cpu;
  }
}
