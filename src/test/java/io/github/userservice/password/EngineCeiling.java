package io.github.userservice.password;

import com.sun.management.ThreadMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

/**
 * By hand, not part of the suite: the Argon2id engines side by side in one process, interleaved (round after round,
 * each engine on 1 thread and on 2 in turn), so that a machine whose speed drifts treats them alike. Per window:
 * hashes/s, CPU-ms per hash of the hashing threads (ThreadMXBean) and of the whole process (/proc/self/stat, so GC,
 * JIT and the kernel's page faults count), and minor page faults per hash (/proc/self/stat field 10). Then the median
 * and range of each over the rounds.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.github.userservice.password.EngineCeiling \
 *   m=19456 t=2 secs=5 rounds=3 threads=1,2 engines=java,native,ref-kept[,simd-kept] simd=/path/to/libargon2-avx2.so
 * </pre>
 * Engines: {@code java} (BouncyCastle with kept blocks, as the service), {@code native} (libsodium, as the service),
 * {@code ref-malloc} and {@code ref-kept} (Debian's libargon2.so.1 through {@code argon2_ctx}, with its malloc, or in
 * kept memory on huge pages), {@code simd-kept} (another build of libargon2, named by {@code simd=}, in kept memory).
 */
public final class EngineCeiling {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final byte[] PASSWORD = "correct horse battery staple 42".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: getconf CLK_TCK

  private record Window(String engine, int threads, double hashesPerSecond, double threadCpuMs, double processCpuMs, double faults) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("m", "19456", "t", "2", "secs", "5", "rounds", "3", "threads", "1,2",
      "engines", "java,native,ref-kept", "simd", ""));
    for (String arg : args) {
      options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int memoryKiB = Integer.parseInt(options.get("m"));
    int iterations = Integer.parseInt(options.get("t"));
    double seconds = Double.parseDouble(options.get("secs"));
    int[] threadCounts = Arrays.stream(options.get("threads").split(",")).mapToInt(Integer::parseInt).toArray();
    int maxThreads = Arrays.stream(threadCounts).max().orElse(1);

    Map<String, Argon2Engine> engines = new LinkedHashMap<>();
    for (String name : options.get("engines").split(",")) {
      engines.put(name, engine(name, maxThreads, memoryKiB, options.get("simd")));
    }
    byte[] expected = new BouncyCastleArgon2(0, 0).compute(memoryKiB, iterations, 1, SALT, 32, PASSWORD);
    for (Map.Entry<String, Argon2Engine> engine : engines.entrySet()) {
      if (!Arrays.equals(expected, engine.getValue().compute(memoryKiB, iterations, 1, SALT, 32, PASSWORD))) {
        throw new IllegalStateException(engine.getKey() + " computes another hash");
      }
      // warm-up: BouncyCastle's JIT compilation, every kept set of blocks made
      window(engine.getKey(), engine.getValue(), maxThreads, Double.parseDouble(options.getOrDefault("warmup", "10")), memoryKiB, iterations);
    }
    System.out.printf("m=%d t=%d p=1, %s s windows, %s rounds, %s%n", memoryKiB, iterations, options.get("secs"), options.get("rounds"),
      engines.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().implementation()).toList());
    List<Window> windows = new ArrayList<>();
    for (int round = 1; round <= Integer.parseInt(options.get("rounds")); round++) {
      for (int threads : threadCounts) {
        for (Map.Entry<String, Argon2Engine> engine : engines.entrySet()) {
          Window window = window(engine.getKey(), engine.getValue(), threads, seconds, memoryKiB, iterations);
          windows.add(window);
          System.out.printf("round %d %-10s %d thread(s): %6.1f hashes/s, %5.1f CPU-ms/hash on its threads, %5.1f in the process, %6.0f minor faults/hash%n",
            round, window.engine(), threads, window.hashesPerSecond(), window.threadCpuMs(), window.processCpuMs(), window.faults());
        }
      }
    }
    System.out.println("median [min-max] over the rounds:");
    for (int threads : threadCounts) {
      for (String engine : engines.keySet()) {
        List<Window> mine = windows.stream().filter(w -> w.engine().equals(engine) && w.threads() == threads).toList();
        System.out.printf("%-10s %d thread(s): %s hashes/s, %s CPU-ms/hash (threads), %s CPU-ms/hash (process), %s faults/hash%n", engine, threads,
          spread(mine, Window::hashesPerSecond), spread(mine, Window::threadCpuMs), spread(mine, Window::processCpuMs), spread(mine, Window::faults));
      }
    }
  }

  private static Argon2Engine engine(String name, int threads, int memoryKiB, String simd) {
    return switch (name) {
      case "java" -> new BouncyCastleArgon2(threads, memoryKiB);
      case "native" -> SodiumArgon2.load("sodium");
      case "ref-malloc" -> new CallerMemoryArgon2("/usr/lib/x86_64-linux-gnu/libargon2.so.1", false, memoryKiB);
      case "ref-kept" -> new CallerMemoryArgon2("/usr/lib/x86_64-linux-gnu/libargon2.so.1", true, memoryKiB);
      case "simd-kept" -> new CallerMemoryArgon2(simd, true, memoryKiB);
      case "simd-malloc" -> new CallerMemoryArgon2(simd, false, memoryKiB);
      default -> throw new IllegalArgumentException("unknown engine " + name);
    };
  }

  private static Window window(String name, Argon2Engine engine, int threads, double seconds, int memoryKiB, int iterations) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    long[] hashes = new long[threads];
    long[] cpuNanos = new long[threads];
    List<Thread> workers = new ArrayList<>();
    long[] deadline = new long[1];
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread worker = new Thread(() -> {
        await(start);
        long cpu = THREADS.getCurrentThreadCpuTime();
        while (System.nanoTime() < deadline[0]) {
          engine.compute(memoryKiB, iterations, 1, SALT, 32, PASSWORD);
          hashes[index]++;
        }
        cpuNanos[index] = THREADS.getCurrentThreadCpuTime() - cpu;
      }, "hash-" + i);
      worker.start();
      workers.add(worker);
    }
    long[] before = procStat();
    long began = System.nanoTime();
    deadline[0] = began + (long) (seconds * 1e9);
    start.await();
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - began) / 1e9;
    long[] after = procStat();
    long total = Arrays.stream(hashes).sum();
    return new Window(name, threads, total / elapsed, Arrays.stream(cpuNanos).sum() / 1e6 / total,
      (after[1] - before[1]) * 1000.0 / CLOCK_TICKS_PER_SECOND / total, (double) (after[0] - before[0]) / total);
  }

  /** Minor faults and utime+stime (ticks) of this process. */
  private static long[] procStat() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): minflt is field 10, utime 14, stime 15
    return new long[] {Long.parseLong(fields[7]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])};
  }

  private static String spread(List<Window> windows, java.util.function.ToDoubleFunction<Window> value) {
    double[] values = windows.stream().mapToDouble(value).sorted().toArray();
    return String.format("%.1f [%.1f-%.1f]", values[values.length / 2], values[0], values[values.length - 1]);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
