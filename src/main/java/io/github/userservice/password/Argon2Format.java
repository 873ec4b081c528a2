package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Argon2id and Argon2i PHC strings of any version the service reads ({@link PhcString}). Argon2id version 19, the
 * service's own format, is computed by the hasher's {@link Argon2idAlgorithm} (its engine, libsodium or BouncyCastle
 * with kept memory); the others by BouncyCastle with fresh memory.
 */
final class Argon2Format implements StoredHashFormat {

  private final ServiceConfig.Imports limits;
  private final Argon2idAlgorithm argon2id;

  Argon2Format(ServiceConfig.Imports limits, Argon2idAlgorithm argon2id) {
    this.limits = Objects.requireNonNull(limits);
    this.argon2id = Objects.requireNonNull(argon2id);
  }

  @Override
  public boolean claims(String stored) {
    return stored.startsWith("$" + PhcString.ARGON2ID + "$") || stored.startsWith("$" + PhcString.ARGON2I + "$");
  }

  @Override
  public Optional<String> refusal(String stored) {
    Optional<PhcString> parsed = PhcString.read(stored);
    if (parsed.isEmpty()) {
      return Optional.of("malformed argon2 hash");
    }
    PhcString hash = parsed.get();
    if (hash.memoryKiB() > limits.maxArgon2MemoryKiB()) {
      return Optional.of(hash.type() + " memory " + hash.memoryKiB() + " KiB is above the limit " + limits.maxArgon2MemoryKiB() + " KiB");
    }
    if (hash.iterations() > limits.maxArgon2Iterations()) {
      return Optional.of(hash.type() + " iteration count " + hash.iterations() + " is above the limit " + limits.maxArgon2Iterations());
    }
    return Optional.empty();
  }

  @Override
  public boolean matches(String stored, String password) {
    PhcString hash = PhcString.parse(stored);
    byte[] expected = hash.hashBytes();
    byte[] computed = hash.isServiceFormat()
      ? argon2id.compute(hash.memoryKiB(), hash.iterations(), hash.parallelism(), hash.saltBytes(), expected.length, password)
      : withFreshMemory(hash, expected.length, password);
    return MessageDigest.isEqual(computed, expected);
  }

  private static byte[] withFreshMemory(PhcString hash, int length, String password) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(hash.type().equals(PhcString.ARGON2ID) ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i)
      .withVersion(hash.version() == PhcString.VERSION ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10)
      .withMemoryAsKB(hash.memoryKiB())
      .withIterations(hash.iterations())
      .withParallelism(hash.parallelism())
      .withSalt(hash.saltBytes())
      .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
