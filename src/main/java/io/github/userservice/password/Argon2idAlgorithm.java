package io.github.userservice.password;

import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingAlgorithm;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Argon2id (version 19) for vertx-auth-common's {@link HashingAlgorithm} slot, computed by BouncyCastle's
 * pure-Java {@link Argon2BytesGenerator}. Registered in {@code META-INF/services}, so
 * {@code HashingStrategy.load()} verifies Argon2id hashes beside the built-in pbkdf2 and sha ones.
 *
 * <p>Through the SPI, parameters {@code m} (KiB), {@code t} and {@code p} come from the hash string, and the output is
 * as long as the stored hash when there is one, else 32 bytes. Returns unpadded base64.
 *
 * <p>Memory: by default BouncyCastle allocates {@code m} KiB of fresh blocks for every hash (19 MiB at the
 * defaults), which the JVM must zero, the kernel map and the GC collect: that more than doubles the CPU cost of a
 * hash (the benchmark's ceiling table shows it as verify-alloc). With {@code retainedBlockSets > 0} it keeps up to that many sets of blocks between hashes, one per
 * hash computing at a time, through BouncyCastle's own block pool; blocks are cleared before they are kept. A set
 * holds at most {@code retainedMemoryKiB}: a hash with more memory (an imported one, verified once before it is
 * replaced) gets fresh blocks, so that it does not stay in the heap. Thread-safe.
 */
public final class Argon2idAlgorithm implements HashingAlgorithm {

  private static final Set<String> PARAMS = Set.of("m", "t", "p");
  private static final int DEFAULT_HASH_LENGTH = 32;
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final BlockingQueue<Argon2BytesGenerator.BlockPool> idleBlockSets;
  private final int retainedMemoryKiB;

  /** For the {@code ServiceLoader}: nothing kept between hashes. */
  public Argon2idAlgorithm() {
    this(0, 0);
  }

  /**
   * @param retainedBlockSets how many hashes' memory to keep for reuse: the number computed at once
   * @param retainedMemoryKiB the most memory one kept set holds: the service's own hashes' ({@code argon2.memoryKiB})
   */
  public Argon2idAlgorithm(int retainedBlockSets, int retainedMemoryKiB) {
    this.idleBlockSets = retainedBlockSets > 0 ? new ArrayBlockingQueue<>(retainedBlockSets) : null;
    this.retainedMemoryKiB = retainedMemoryKiB;
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
    if (length < 4) {
      throw new IllegalArgumentException("Argon2 needs at least 4 output bytes");
    }
    Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKiB)
      .withIterations(iterations)
      .withParallelism(parallelism)
      .withSalt(salt);
    Argon2BytesGenerator.BlockPool blocks = idleBlockSets == null || memoryKiB > retainedMemoryKiB ? null : takeBlockSet();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(blocks == null ? parameters.build() : parameters.withBlockPool(blocks).build());
      byte[] out = new byte[length];
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
      return out;
    } finally {
      if (blocks != null) {
        idleBlockSets.offer(blocks);
      }
    }
  }

  /** A kept set of blocks when one is idle, else a new one, which fills up as hashes use it. */
  private Argon2BytesGenerator.BlockPool takeBlockSet() {
    Argon2BytesGenerator.BlockPool idle = idleBlockSets.poll();
    return idle != null ? idle : new Argon2BytesGenerator.FixedBlockPool(Argon2BytesGenerator.getBlockCount(retainedMemoryKiB, 1));
  }

  private static int intParam(HashString hashString, String name) {
    String value = hashString.param(name);
    if (value == null) {
      throw new IllegalArgumentException("Argon2id hash string lacks parameter " + name);
    }
    return Integer.parseInt(value);
  }
}
