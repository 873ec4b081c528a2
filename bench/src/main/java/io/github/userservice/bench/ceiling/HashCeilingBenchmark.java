package io.github.userservice.bench.ceiling;

import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.PasswordHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The hash ceiling: how many Argon2id hashes per second this machine computes, by the very code the service runs
 * ({@link PasswordHasher#verify}, what a login costs, and {@link PasswordHasher#hash}, a registration). {@link Ceiling}
 * runs it on 1 thread and on every core, each case in a fresh JMH fork with the service's JVM options.
 *
 * <p>One extra case, {@link #verifyAllocating}, computes the same hash with a fresh BouncyCastle generator that
 * allocates its blocks on every call, as the service did before it kept them in a block pool: it shows what the pool
 * saves under the JVM options measured. The set-up checks it against the service's hash, so it is the same computation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashCeilingBenchmark {

  static final String PASSWORD = "correct horse battery staple 42";

  /** Milliseconds of the fork's first hash, interpreted code and class loading included: what a cold service pays. */
  static volatile double firstHashMs = Double.NaN;

  @Param("19456")
  public int memoryKiB;

  @Param("2")
  public int iterations;

  @Param("1")
  public int parallelism;

  private Argon2Parameters parameters;
  private PasswordHasher hasher;
  private String stored;
  private byte[] salt;
  private byte[] expected;

  /** The hasher keeps one block set per concurrent hash, as the service's keeps one per worker: as many as threads. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) {
    long start = System.nanoTime();
    parameters = new Argon2Parameters(memoryKiB, iterations, parallelism, 16, 32);
    hasher = new PasswordHasher(benchmark.getThreads(), new ServiceConfig.Argon2(memoryKiB, iterations, parallelism, 16, 32),
      ServiceConfig.fromJson(new JsonObject()).imports(), new SimpleMeterRegistry());
    stored = hasher.hash(PASSWORD, parameters);
    if (Double.isNaN(firstHashMs)) {
      firstHashMs = (System.nanoTime() - start) / 1e6;
    }
    String[] parts = stored.split("\\$"); // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    salt = Base64.getDecoder().decode(parts[4]);
    expected = Base64.getDecoder().decode(parts[5]);
    if (!verify() || !hash().startsWith("$argon2id$") || !verifyAllocating() || hasher.verify(stored, PASSWORD + "x")) {
      throw new IllegalStateException("the hash under test does not verify: the benchmark would measure nothing");
    }
  }

  @Benchmark
  public boolean verify() {
    return hasher.verify(stored, PASSWORD);
  }

  @Benchmark
  public String hash() {
    return hasher.hash(PASSWORD, parameters);
  }

  /** What verify computes, with a generator that allocates its blocks on every call (BouncyCastle's default). */
  @Benchmark
  public boolean verifyAllocating() {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
      .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism)
      .withSalt(salt)
      .build());
    byte[] out = new byte[expected.length];
    generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
    return MessageDigest.isEqual(out, expected);
  }
}
