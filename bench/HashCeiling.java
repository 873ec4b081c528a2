import com.sun.management.ThreadMXBean;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.PasswordHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The ceiling: how many Argon2id hashes per second this machine computes with given parameters, measured by the
 * very code the service runs ({@link PasswordHasher#verify}, what a login costs, and {@link PasswordHasher#hash},
 * what a registration costs), in a plain timed loop on 1 thread and on all cores. Prints one JSON line per
 * measurement (section "ceiling"), read by Report.java.
 *
 * <p>Besides hashes/s it reports what each hash costs the whole process (CPU-ms from /proc/self/stat, so garbage
 * collection and JIT count, as they do in the service), the CPU-ms of the hashing threads alone, the bytes each hash
 * allocates and the GC time. One extra case, "verify-alloc", computes the same hash with a fresh BouncyCastle
 * generator that allocates its 19 MiB of blocks on every call, as the service did before it kept them in a block
 * pool: it shows what the pool saves under the JVM options being measured. Its output is checked against the
 * service's hash, so it is the same computation.
 *
 * <pre>echo "1 4" | java -cp target/user-service.jar:CLASSES HashCeiling m=19456 t=2 p=1 threads=2 warmup=10 label=default clk=100</pre>
 */
public final class HashCeiling {

  private static final String PASSWORD = "correct horse battery staple 42";
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static long clkTck = 100; // /proc times are in USER_HZ: `getconf CLK_TCK`, passed as clk=

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final ServiceConfig.Argon2 parameters;
  private final PasswordHasher hasher;
  private final String stored;

  /** @param threads hashes computed at once, as the service's worker instances: the hasher keeps that many block sets */
  private HashCeiling(int memoryKiB, int iterations, int parallelism, int threads) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.parameters = new ServiceConfig.Argon2(memoryKiB, iterations, parallelism, 16, 32);
    this.hasher = new PasswordHasher(threads, parameters, ServiceConfig.fromJson(new JsonObject()).imports(), new SimpleMeterRegistry());
    this.stored = hasher.hash(PASSWORD, parameters);
  }

  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    int threads = a.integer("threads", Runtime.getRuntime().availableProcessors());
    String label = a.text("label", "default");
    clkTck = a.integer("clk", 100);

    // the very first hash of a fresh JVM, as the service computes its dummy hash while starting (interpreted code)
    long coldStart = System.nanoTime();
    HashCeiling ceiling = new HashCeiling(a.integer("m", 19456), a.integer("t", 2), a.integer("p", 1), threads);
    double firstHashMs = (System.nanoTime() - coldStart) / 1e6;
    ceiling.check();
    // Argon2's inner loops take seconds of hashing before C2 has compiled them: until then a hash costs 3x more
    ceiling.run("warmup", threads, a.decimal("warmup", 10), ceiling::verify);
    String params = "m=" + ceiling.memoryKiB + ",t=" + ceiling.iterations + ",p=" + ceiling.parallelism;

    // Served on stdin, one measurement per line ("REP SECONDS"), so that bench/run.sh can interleave the
    // ceiling with the service's runs: noise from elsewhere on the machine then hits both alike.
    System.out.println("{\"ready\":true}");
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = commands.readLine(); command != null && !command.isBlank(); command = commands.readLine()) {
      String[] words = command.trim().split(" +");
      int rep = Integer.parseInt(words[0]);
      double seconds = Double.parseDouble(words[1]);
      emit(ceiling.run("verify", 1, seconds, ceiling::verify), label, params, rep, firstHashMs);
      emit(ceiling.run("verify", threads, seconds, ceiling::verify), label, params, rep, firstHashMs);
      emit(ceiling.run("hash", threads, seconds, ceiling::hash), label, params, rep, firstHashMs);
      emit(ceiling.run("verify-alloc", threads, seconds, ceiling::verifyAllocating), label, params, rep, firstHashMs);
      System.out.println("{\"done\":" + rep + "}");
    }
  }

  private boolean verify() {
    return hasher.verify(stored, PASSWORD);
  }

  private boolean hash() {
    return hasher.hash(PASSWORD, parameters).startsWith("$argon2id$");
  }

  /** What verify computes, with a generator that allocates its blocks on every call (BouncyCastle's default). */
  private boolean verifyAllocating() {
    String[] parts = stored.split("\\$"); // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    byte[] salt = Base64.getDecoder().decode(parts[4]);
    byte[] expected = Base64.getDecoder().decode(parts[5]);
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism)
      .withSalt(salt)
      .build());
    byte[] out = new byte[expected.length];
    generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
    return MessageDigest.isEqual(out, expected);
  }

  private void check() {
    if (!verify() || !hash() || !verifyAllocating() || hasher.verify(stored, PASSWORD + "x")) {
      throw new IllegalStateException("the hash under test does not verify: the benchmark would measure nothing");
    }
  }

  private record Result(String op, int threads, long ops, double seconds, double processCpuMs, double systemCpuMs,
                        double threadCpuMs, long allocatedBytes, long gcMs, long gcCount) {
  }

  private Result run(String op, int threads, double seconds, BooleanSupplier work) throws Exception {
    AtomicLong ops = new AtomicLong();
    AtomicLong threadCpuNs = new AtomicLong();
    AtomicLong allocated = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    long[] deadline = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
          long cpu0 = THREADS.getCurrentThreadCpuTime();
          long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
          long mine = 0;
          while (System.nanoTime() < deadline[0]) {
            if (!work.getAsBoolean()) {
              throw new IllegalStateException(op + " failed");
            }
            mine++;
          }
          threadCpuNs.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
          allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - alloc0);
          ops.addAndGet(mine);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "hash-" + i);
      workers.add(worker);
      worker.start();
    }
    long gc0 = gcMillis();
    long gcCount0 = gcCount();
    long[] cpu0 = processCpuTicks();
    long t0 = System.nanoTime();
    deadline[0] = t0 + (long) (seconds * 1e9);
    start.await(); // the barrier publishes deadline[0] to the workers
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9; // until the last hash begun before the deadline ends
    long[] cpu1 = processCpuTicks();
    double cpuMs = (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) * 1000.0 / clkTck;
    double sysMs = (cpu1[1] - cpu0[1]) * 1000.0 / clkTck;
    return new Result(op, threads, ops.get(), elapsed, cpuMs, sysMs, threadCpuNs.get() / 1e6, allocated.get(),
      gcMillis() - gc0, gcCount() - gcCount0);
  }

  private static void emit(Result r, String label, String params, int rep, double firstHashMs) {
    JsonObject line = new JsonObject()
      .put("section", "ceiling").put("label", label).put("params", params).put("op", r.op()).put("threads", r.threads())
      .put("rep", rep).put("ops", r.ops()).put("secs", round(r.seconds()))
      .put("perSec", round(r.ops() / r.seconds()))
      .put("msPerOp", round(r.seconds() * 1000 * r.threads() / r.ops()))
      .put("cpuMsPerOp", round(r.processCpuMs() / r.ops()))
      .put("sysCpuMsPerOp", round(r.systemCpuMs() / r.ops()))
      .put("threadCpuMsPerOp", round(r.threadCpuMs() / r.ops()))
      .put("allocMBPerOp", round(r.allocatedBytes() / 1048576.0 / r.ops()))
      .put("gcMs", r.gcMs()).put("gcCount", r.gcCount())
      .put("firstHashMs", round(firstHashMs))
      .put("jvm", System.getProperty("java.vm.version"))
      .put("gc", gcNames());
    System.out.println(line.encode());
  }

  /** {utime, stime} of this process, in clock ticks (fields 14 and 15 of /proc/self/stat). */
  static long[] processCpuTicks() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static String gcNames() {
    return String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** key=value arguments. */
  private record Args(String[] args) {
    String text(String key, String fallback) {
      for (String arg : args) {
        if (arg.startsWith(key + "=")) {
          return arg.substring(key.length() + 1);
        }
      }
      return fallback;
    }

    int integer(String key, int fallback) {
      return Integer.parseInt(text(key, Integer.toString(fallback)));
    }

    double decimal(String key, double fallback) {
      return Double.parseDouble(text(key, Double.toString(fallback)));
    }
  }
}
