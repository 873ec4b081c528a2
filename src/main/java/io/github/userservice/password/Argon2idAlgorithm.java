package io.github.userservice.password;

import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingAlgorithm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * Argon2id (version 19) for vertx-auth-common's {@link HashingAlgorithm} slot, and the service's one way to compute it:
 * by its {@link Argon2Engine} (libsodium or BouncyCastle, chosen at start by {@link Argon2Engines}), and by
 * BouncyCastle for the parameters that engine does not take (more lanes or other salt lengths, from imported hashes).
 * Registered in {@code META-INF/services}, so {@code HashingStrategy.load()} verifies Argon2id hashes beside the
 * built-in pbkdf2 and sha ones; loaded that way it computes with BouncyCastle alone and keeps no memory.
 *
 * <p>Through the SPI, parameters {@code m} (KiB), {@code t} and {@code p} come from the hash string, and the output is
 * as long as the stored hash when there is one, else 32 bytes. Returns unpadded base64. Thread-safe.
 */
public final class Argon2idAlgorithm implements HashingAlgorithm {

  private static final Set<String> PARAMS = Set.of("m", "t", "p");
  private static final int DEFAULT_HASH_LENGTH = 32;
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final Argon2Engine engine;
  private final BouncyCastleArgon2 java;

  /** For the {@code ServiceLoader}: BouncyCastle, nothing kept between hashes. */
  public Argon2idAlgorithm() {
    this(0, 0);
  }

  /**
   * BouncyCastle alone, keeping memory as {@link BouncyCastleArgon2} describes.
   *
   * @param retainedBlockSets how many hashes' memory to keep for reuse: the number computed at once
   * @param retainedMemoryKiB the most memory one kept set holds: the service's own hashes' ({@code argon2.memoryKiB})
   */
  public Argon2idAlgorithm(int retainedBlockSets, int retainedMemoryKiB) {
    this(new BouncyCastleArgon2(retainedBlockSets, retainedMemoryKiB));
  }

  private Argon2idAlgorithm(BouncyCastleArgon2 java) {
    this(java, java);
  }

  /** @param java computes what {@code engine} does not take */
  Argon2idAlgorithm(Argon2Engine engine, BouncyCastleArgon2 java) {
    this.engine = Objects.requireNonNull(engine);
    this.java = Objects.requireNonNull(java);
  }

  /** The engine's name: {@code native} or {@code java}. */
  public String engine() {
    return engine.name();
  }

  /** What the engine is, e.g. {@code libsodium 1.0.18, AVX2}. */
  public String implementation() {
    return engine.implementation();
  }

  @Override
  public String id() {
    return PhcString.ARGON2ID;
  }

  @Override
  public Set<String> params() {
    return PARAMS;
  }

  /** The SPI's form: parameters and salt from the hash string, as long as its hash (else 32 bytes), unpadded base64. */
  @Override
  public String hash(HashString hashString, String password) {
    int length = hashString.hash() == null ? DEFAULT_HASH_LENGTH : Base64.getDecoder().decode(hashString.hash()).length;
    return BASE64.encodeToString(compute(intParam(hashString, "m"), intParam(hashString, "t"), intParam(hashString, "p"),
      Base64.getDecoder().decode(hashString.salt()), length, password));
  }

  /** Argon2id v19 of the password's UTF-8 bytes, {@code length} bytes. */
  public byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, String password) {
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    try {
      Argon2Engine computing = engine.accepts(parallelism, salt.length, length) ? engine : java;
      return computing.compute(memoryKiB, iterations, parallelism, salt, length, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static int intParam(HashString hashString, String name) {
    String value = hashString.param(name);
    if (value == null) {
      throw new IllegalArgumentException("Argon2id hash string lacks parameter " + name);
    }
    return Integer.parseInt(value);
  }
}
