package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Computes password hashes: new ones with Argon2id and the parameters asked for, and verifications of stored ones
 * with the parameters written in them, so old hashes keep verifying after the configuration changes. Blocking and
 * CPU-heavy: call it from a hashing thread only ({@link HashQueue}). Thread-safe.
 */
public final class PasswordHasher {

  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final Argon2idAlgorithm argon2;
  private final HashingStrategy strategy;
  private final SecureRandom random = new SecureRandom();
  private final Timer hashTimer;
  private final Timer verifyTimer;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param concurrentHashes how many hashes may be computed at once (the hashing threads): their memory is kept
   * @param registry receives {@code password.hashing} timers, tagged {@code operation=hash|verify}, and the
   *                 {@code hashes.in.flight} gauge: hashes being computed right now
   */
  public PasswordHasher(int concurrentHashes, MeterRegistry registry) {
    this.hashTimer = timer(registry, "hash");
    this.verifyTimer = timer(registry, "verify");
    Gauge.builder("hashes.in.flight", inFlight, AtomicInteger::get).description("Password hashes being computed").register(registry);
    this.argon2 = new Argon2idAlgorithm(concurrentHashes);
    this.strategy = HashingStrategy.load();
    if (strategy.get(PhcString.ALGORITHM) == null) {
      throw new IllegalStateException("Argon2id is not registered: META-INF/services/io.vertx.ext.auth.hashing.HashingAlgorithm is missing");
    }
  }

  /** A standard PHC string of the password with these parameters and a fresh random salt. */
  public String hash(String password, ServiceConfig.Argon2 parameters) {
    byte[] salt = new byte[parameters.saltLength()];
    random.nextBytes(salt);
    String hash = computing(hashTimer, () -> argon2.hash(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(),
      salt, parameters.hashLength(), password));
    return new PhcString(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), BASE64.encodeToString(salt), hash).toString();
  }

  /**
   * Whether the password matches the stored hash, compared in constant time. Argon2id PHC strings are read by
   * {@link PhcString} and computed by this hasher's {@link Argon2idAlgorithm} (it keeps its memory between hashes);
   * other algorithms of vertx-auth-common's hashing strategy (pbkdf2, sha512, ...) verify through the strategy.
   * A malformed stored hash never matches.
   */
  public boolean verify(String stored, String password) {
    try {
      if (!PhcString.isArgon2id(stored)) {
        return computing(verifyTimer, () -> strategy.verify(stored, password));
      }
      HashString expected = new HashString(PhcString.parse(stored).toVertxHashString());
      String computed = computing(verifyTimer, () -> argon2.hash(expected, password));
      return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), expected.hash().getBytes(StandardCharsets.US_ASCII));
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  private <T> T computing(Timer timer, Supplier<T> work) {
    inFlight.incrementAndGet();
    try {
      return timer.record(work);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static Timer timer(MeterRegistry registry, String operation) {
    return Timer.builder("password.hashing")
      .description("Time spent computing password hashes")
      .tag("operation", operation)
      .publishPercentileHistogram()
      .register(registry);
  }
}
