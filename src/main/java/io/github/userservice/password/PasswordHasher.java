package io.github.userservice.password;

import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Computes password hashes: new ones with Argon2id and the parameters asked for, and verifications of stored ones
 * with the parameters written in them, so old hashes keep verifying after the configuration changes, and hashes
 * imported from other systems verify until they are replaced ({@link StoredHashes}). Blocking and CPU-heavy: call it
 * from a hashing thread only ({@link HashQueue}). Thread-safe.
 */
public final class PasswordHasher {

  private final Argon2idAlgorithm argon2;
  private final StoredHashes storedHashes;
  private final SecureRandom random = new SecureRandom();
  private final Timer hashTimer;
  private final Timer verifyTimer;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param concurrentHashes how many hashes may be computed at once (the hashing threads): their memory is kept
   * @param ownParameters    this node's {@code argon2} parameters: hashes with at most their memory keep it between
   *                         hashes; larger ones (imported, or asked for by a store configured otherwise) get fresh
   *                         memory. Stored hashes with these parameters always verify, whatever the import limits
   * @param importLimits     the most work a stored hash may ask for: one above it never matches
   * @param registry receives {@code password.hashing} timers, tagged {@code operation=hash|verify}, and the
   *                 {@code hashes.in.flight} gauge: hashes being computed right now
   */
  public PasswordHasher(int concurrentHashes, ServiceConfig.Argon2 ownParameters, ServiceConfig.Imports importLimits, MeterRegistry registry) {
    this.hashTimer = timer(registry, "hash");
    this.verifyTimer = timer(registry, "verify");
    Gauge.builder("hashes.in.flight", inFlight, AtomicInteger::get).description("Password hashes being computed").register(registry);
    this.argon2 = new Argon2idAlgorithm(concurrentHashes, ownParameters.memoryKiB());
    this.storedHashes = new StoredHashes(importLimits.admitting(ownParameters), argon2);
  }

  /** A standard PHC string of the password with these parameters and a fresh random salt. */
  public String hash(String password, Argon2Parameters parameters) {
    return computing(hashTimer, () -> compute(password, parameters));
  }

  /**
   * The same work as {@link #hash}, left out of the meters: for measuring what a hash takes (the hash queue's
   * calibration at start), which is no hash anybody asked for.
   */
  String calibrationHash(String password, Argon2Parameters parameters) {
    return compute(password, parameters);
  }

  private String compute(String password, Argon2Parameters parameters) {
    byte[] salt = new byte[parameters.saltLength()];
    random.nextBytes(salt);
    byte[] hash = argon2.compute(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, parameters.hashLength(), password);
    return PhcString.of(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, hash).toString();
  }

  /**
   * Whether the password matches the stored hash, compared in constant time: Argon2id with this hasher's
   * {@link Argon2idAlgorithm} (which keeps its memory between hashes), the formats of other systems as
   * {@link StoredHashes} lists them. Only those: vertx-auth-common's hashing strategy, with its fast
   * digests (sha1, sha256, sha512), is not consulted. A malformed stored hash, or one above the import limits, never matches.
   */
  public boolean verify(String stored, String password) {
    return computing(verifyTimer, () -> storedHashes.verify(stored, password));
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
