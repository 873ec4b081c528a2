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
 * <p>Parameters {@code m} (KiB), {@code t} and {@code p} come from the hash string. The output is as long
 * as the stored hash when there is one, else {@link #hashLength()} bytes. Returns unpadded base64.
 *
 * <p>Memory: by default BouncyCastle allocates {@code m} KiB of fresh blocks for every hash (19 MiB at the
 * defaults), which the JVM must zero, the kernel map and the GC collect: measured, that more than doubles the CPU
 * cost of a hash. With {@code retainedBlockSets > 0} it keeps up to that many sets of blocks between hashes, one per
 * hash computing at a time, through BouncyCastle's own block pool; blocks are cleared before they are kept.
 * Thread-safe.
 */
public final class Argon2idAlgorithm implements HashingAlgorithm {

  private static final Set<String> PARAMS = Set.of("m", "t", "p");
  private static final int DEFAULT_HASH_LENGTH = 32;

  private final int hashLength;
  private final BlockingQueue<Argon2BytesGenerator.BlockPool> idleBlockSets;

  /** For the {@code ServiceLoader}: 32-byte hashes, the Argon2 RFC 9106 recommendation, nothing kept. */
  public Argon2idAlgorithm() {
    this(DEFAULT_HASH_LENGTH, 0);
  }

  /** @param retainedBlockSets how many hashes' memory to keep for reuse: the number computed at once */
  public Argon2idAlgorithm(int hashLength, int retainedBlockSets) {
    if (hashLength < 4) {
      throw new IllegalArgumentException("Argon2 needs at least 4 output bytes");
    }
    this.hashLength = hashLength;
    this.idleBlockSets = retainedBlockSets > 0 ? new ArrayBlockingQueue<>(retainedBlockSets) : null;
  }

  @Override
  public String id() {
    return PhcString.ALGORITHM;
  }

  @Override
  public Set<String> params() {
    return PARAMS;
  }

  public int hashLength() {
    return hashLength;
  }

  @Override
  public String hash(HashString hashString, String password) {
    int memoryKiB = intParam(hashString, "m");
    int parallelism = intParam(hashString, "p");
    Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKiB)
      .withIterations(intParam(hashString, "t"))
      .withParallelism(parallelism)
      .withSalt(Base64.getDecoder().decode(hashString.salt()));
    Argon2BytesGenerator.BlockPool blocks = idleBlockSets == null ? null : takeBlockSet(memoryKiB, parallelism);
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(blocks == null ? parameters.build() : parameters.withBlockPool(blocks).build());
      byte[] out = new byte[outputLength(hashString)];
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
      return Base64.getEncoder().withoutPadding().encodeToString(out);
    } finally {
      if (blocks != null) {
        idleBlockSets.offer(blocks);
      }
    }
  }

  /** A kept set of blocks when one is idle, else a new one; a hash with more memory tops it up as it goes. */
  private Argon2BytesGenerator.BlockPool takeBlockSet(int memoryKiB, int parallelism) {
    Argon2BytesGenerator.BlockPool idle = idleBlockSets.poll();
    return idle != null ? idle : new Argon2BytesGenerator.FixedBlockPool(Argon2BytesGenerator.getBlockCount(memoryKiB, parallelism));
  }

  private int outputLength(HashString hashString) {
    return hashString.hash() == null ? hashLength : Base64.getDecoder().decode(hashString.hash()).length;
  }

  private static int intParam(HashString hashString, String name) {
    String value = hashString.param(name);
    if (value == null) {
      throw new IllegalArgumentException("Argon2id hash string lacks parameter " + name);
    }
    return Integer.parseInt(value);
  }
}
