package io.github.userservice.password;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Argon2id v19 by libsodium's {@code crypto_pwhash} ({@code crypto_pwhash_ALG_ARGON2ID13}), called through JNA: the
 * same bytes as BouncyCastle's, at about three times its speed per CPU-second, as libsodium picks AVX2 code where the
 * CPU has it. libsodium takes one lane, 16-byte salts and outputs of at least 16 bytes, which is what the service
 * writes; other hashes are BouncyCastle's ({@link #accepts}).
 *
 * <p>Memory: libsodium maps the hash's {@code m} KiB outside the Java heap at every call and unmaps it before it
 * returns, so the resident memory of this engine is {@code m} KiB per hash being computed, bounded by the hashing
 * threads, and nothing between hashes. The mapping is also most of its cost beyond the computation: the kernel
 * faults in and zeroes every 4 KiB page of it, every time. Thread-safe once loaded.
 */
final class SodiumArgon2 implements Argon2Engine {

  static final String NAME = "native";

  /** {@code crypto_pwhash_SALTBYTES}, checked against the library when it loads. */
  private static final int SALT_BYTES = 16;
  /** {@code crypto_pwhash_BYTES_MIN}. */
  private static final int MIN_LENGTH = 16;

  private final Sodium sodium;
  private final int algorithm;
  private final String implementation;

  private SodiumArgon2(Sodium sodium) {
    this.sodium = sodium;
    this.algorithm = sodium.crypto_pwhash_alg_argon2id13();
    this.implementation = "libsodium " + sodium.sodium_version_string() + (sodium.sodium_runtime_has_avx2() == 1 ? ", AVX2" : "");
  }

  /**
   * libsodium, loaded and initialised.
   *
   * @param library a name the system's loader finds ({@code sodium}: {@code libsodium.so.23} on Debian) or a path
   * @throws UnsatisfiedLinkError when JNA or the library cannot be loaded, or lacks a function
   * @throws IllegalStateException when the library refuses to initialise or is not the libsodium this code expects
   */
  static SodiumArgon2 load(String library) {
    Sodium sodium = Native.load(library, Sodium.class);
    if (sodium.sodium_init() < 0) {
      throw new IllegalStateException("sodium_init() failed");
    }
    if (sodium.crypto_pwhash_saltbytes().intValue() != SALT_BYTES) {
      throw new IllegalStateException("crypto_pwhash_saltbytes() is not " + SALT_BYTES);
    }
    return new SodiumArgon2(sodium);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String implementation() {
    return implementation;
  }

  @Override
  public boolean accepts(int parallelism, int saltLength, int length) {
    return parallelism == 1 && saltLength == SALT_BYTES && length >= MIN_LENGTH;
  }

  @Override
  public byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, byte[] password) {
    if (!accepts(parallelism, salt.length, length) || memoryKiB < 8 || iterations < 1) {
      throw new IllegalArgumentException("libsodium's Argon2id takes one lane, 16-byte salts, 16 output bytes or more");
    }
    byte[] out = new byte[length];
    // the password in memory of our own, cleared before it is freed (JNA's copy of an array would not be)
    try (Memory secret = new Memory(Math.max(1, password.length))) {
      secret.write(0, password, 0, password.length);
      try {
        int status = sodium.crypto_pwhash(out, length, secret, password.length, salt, iterations,
          new SizeT(memoryKiB * 1024L), algorithm);
        if (status != 0) {
          throw new IllegalStateException("libsodium's crypto_pwhash failed (out of memory?)");
        }
      } finally {
        secret.clear();
      }
    }
    return out;
  }

  /** The part of libsodium's API this engine calls (public: JNA implements it). */
  public interface Sodium extends Library {

    int sodium_init();

    String sodium_version_string();

    int sodium_runtime_has_avx2();

    int crypto_pwhash_alg_argon2id13();

    SizeT crypto_pwhash_saltbytes();

    int crypto_pwhash(byte[] out, long outlen, Pointer passwd, long passwdlen, byte[] salt, long opslimit, SizeT memlimit, int alg);
  }

  /** C's {@code size_t}. */
  public static final class SizeT extends IntegerType {

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }
}
