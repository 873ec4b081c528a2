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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hashes new passwords with Argon2id and the configured cost, and verifies stored hashes with the cost
 * written in them, so old hashes keep verifying after the configuration changes. Blocking and CPU-heavy:
 * call it from a worker thread only. Thread-safe.
 */
public final class PasswordHasher {

  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final ServiceConfig.Argon2 config;
  private final Argon2idAlgorithm argon2;
  private final HashingStrategy strategy;
  private final SecureRandom random = new SecureRandom();
  private final Timer hashTimer;
  private final Timer verifyTimer;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final String dummyHash;

  /**
   * @param concurrentHashes how many hashes may be computed at once (the worker instances): their memory is kept
   * @param registry receives {@code password.hashing} timers, tagged {@code operation=hash|verify}, and the
   *                 {@code hashes.in.flight} gauge: hashes being computed right now
   */
  public PasswordHasher(ServiceConfig.Argon2 config, int concurrentHashes, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config);
    this.hashTimer = timer(registry, "hash");
    this.verifyTimer = timer(registry, "verify");
    Gauge.builder("hashes.in.flight", inFlight, AtomicInteger::get).description("Password hashes being computed").register(registry);
    this.argon2 = new Argon2idAlgorithm(config.hashLength(), concurrentHashes);
    this.strategy = HashingStrategy.load();
    this.dummyHash = randomPhcString();
    if (strategy.get(PhcString.ALGORITHM) == null) {
      throw new IllegalStateException("Argon2id is not registered: META-INF/services/io.vertx.ext.auth.hashing.HashingAlgorithm is missing");
    }
  }

  /** A standard PHC string with a fresh random salt and the configured parameters. */
  public String hash(String password) {
    byte[] salt = new byte[config.saltLength()];
    random.nextBytes(salt);
    String encodedSalt = BASE64.encodeToString(salt);
    Map<String, String> params = Map.of(
      "m", Integer.toString(config.memoryKiB()),
      "t", Integer.toString(config.iterations()),
      "p", Integer.toString(config.parallelism()));
    String hash = computing(hashTimer, () -> argon2.hash(new HashString(PhcString.ALGORITHM, params, encodedSalt), password));
    return new PhcString(config.memoryKiB(), config.iterations(), config.parallelism(), encodedSalt, hash).toString();
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

  /**
   * Whether a stored hash is weaker than what {@link #hash} makes today: another algorithm (pbkdf2, sha512, ...),
   * or Argon2id with less memory, fewer passes or lanes, or a shorter salt or hash. Stronger parameters are kept.
   */
  public boolean needsRehash(String stored) {
    if (!PhcString.isArgon2id(stored)) {
      return true;
    }
    try {
      PhcString phc = PhcString.parse(stored);
      return phc.memoryKiB() < config.memoryKiB()
        || phc.iterations() < config.iterations()
        || phc.parallelism() < config.parallelism()
        || Base64.getDecoder().decode(phc.salt()).length < config.saltLength()
        || Base64.getDecoder().decode(phc.hash()).length < config.hashLength();
    } catch (IllegalArgumentException malformed) {
      return true;
    }
  }

  /**
   * The stored hash that logins which do not exist are verified against, so that timing does not reveal who exists:
   * the current parameters, so it costs exactly what a wrong password costs, and it never matches.
   */
  public String dummyHash() {
    return dummyHash;
  }

  /**
   * A random salt and a random hash value. Nothing needs computing: only the work of verifying against it matters, and
   * a password matches it with a chance of 2^-(8 x hashLength).
   */
  private String randomPhcString() {
    byte[] salt = new byte[config.saltLength()];
    byte[] value = new byte[config.hashLength()];
    random.nextBytes(salt);
    random.nextBytes(value);
    return new PhcString(config.memoryKiB(), config.iterations(), config.parallelism(), BASE64.encodeToString(salt),
      BASE64.encodeToString(value)).toString();
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
