package io.github.userservice.password;

/**
 * What computes Argon2id version 19, the service's own hashes: BouncyCastle in Java ({@link BouncyCastleArgon2}) or
 * libsodium ({@link SodiumArgon2}), chosen once at start ({@link Argon2Engines}). Both give the same bytes for the same
 * input; an engine that cannot take some parameters says so, and {@link Argon2idAlgorithm} hands those to
 * BouncyCastle. Implementations are thread-safe and blocking.
 */
interface Argon2Engine {

  /** {@code native} or {@code java}, as {@code argon2.engine}, the log, {@code /metrics} and readiness name it. */
  String name();

  /** What computes, for the log and {@code /metrics}: a library and its version, say. */
  String implementation();

  /** Whether this engine computes hashes with these lanes, salt and output lengths; when not, BouncyCastle does. */
  boolean accepts(int parallelism, int saltLength, int length);

  /**
   * Argon2id v19 of the password's bytes, {@code length} bytes long.
   *
   * @throws IllegalArgumentException when the parameters are out of Argon2's range
   * @throws IllegalStateException when the computation fails (a native engine out of memory, say)
   */
  byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, byte[] password);
}
