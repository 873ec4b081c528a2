package io.github.userservice.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Argon2id v19 by BouncyCastle's pure-Java {@link Argon2BytesGenerator}: every parameter set, on every machine.
 *
 * <p>Memory: by default BouncyCastle allocates {@code m} KiB of fresh blocks for every hash (19 MiB at the defaults),
 * which the JVM must zero, the kernel map and the GC collect: that more than doubles the CPU cost of a hash. With
 * {@code retainedBlockSets > 0} it keeps up to that many sets of blocks in the heap between hashes, one per hash
 * computing at a time, through BouncyCastle's own block pool; blocks are cleared before they are kept. A set holds at
 * most {@code retainedMemoryKiB}: a hash with more memory (an imported one, verified once before it is replaced) gets
 * fresh blocks, so that it does not stay in the heap. Sets are made on first use. Thread-safe.
 */
final class BouncyCastleArgon2 implements Argon2Engine {

  static final String NAME = "java";

  private final BlockingQueue<Argon2BytesGenerator.BlockPool> idleBlockSets;
  private final int retainedMemoryKiB;

  /**
   * @param retainedBlockSets how many hashes' memory to keep for reuse: the number computed at once
   * @param retainedMemoryKiB the most memory one kept set holds: the service's own hashes' ({@code argon2.memoryKiB})
   */
  BouncyCastleArgon2(int retainedBlockSets, int retainedMemoryKiB) {
    this.idleBlockSets = retainedBlockSets > 0 ? new ArrayBlockingQueue<>(retainedBlockSets) : null;
    this.retainedMemoryKiB = retainedMemoryKiB;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String implementation() {
    return "BouncyCastle";
  }

  @Override
  public boolean accepts(int parallelism, int saltLength, int length) {
    return true;
  }

  @Override
  public byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, byte[] password) {
    if (length < 4) {
      throw new IllegalArgumentException("Argon2 needs at least 4 output bytes");
    }
    Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKiB)
      .withIterations(iterations)
      .withParallelism(parallelism)
      .withSalt(salt);
    BouncyCastleJitShape.pin();
    Argon2BytesGenerator.BlockPool blocks = idleBlockSets == null || memoryKiB > retainedMemoryKiB ? null : takeBlockSet();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(blocks == null ? parameters.build() : parameters.withBlockPool(blocks).build());
      byte[] out = new byte[length];
      generator.generateBytes(password, out);
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
}
