package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id and Argon2i PHC strings, as libargon2, argon2-cffi, passlib and Ory Kratos write them:
 * {@code $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>} and {@code $argon2i$v=19$...}, salt and hash in unpadded
 * standard base64. Version 19, or 16: written {@code v=16}, or without the version segment as libargon2 wrote it
 * before 2016 (and still reads it). Argon2d, which is not meant for passwords, is not accepted.
 *
 * <p>Argon2id version 19, the service's own format, is computed by the hasher's {@link Argon2idAlgorithm}, which
 * keeps the memory of hashes no larger than its own; the others get fresh memory.
 */
final class Argon2Format implements StoredHashFormat {

  private static final String ARGON2ID = "argon2id";
  private static final Pattern FORMAT = Pattern.compile("\\$(argon2id|argon2i)(?:\\$v=(16|19))?"
    + "\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{6,512})");

  private final ServiceConfig.Imports limits;
  private final Argon2idAlgorithm argon2id;

  Argon2Format(ServiceConfig.Imports limits, Argon2idAlgorithm argon2id) {
    this.limits = Objects.requireNonNull(limits);
    this.argon2id = Objects.requireNonNull(argon2id);
  }

  @Override
  public boolean claims(String stored) {
    return stored.startsWith("$argon2id$") || stored.startsWith("$argon2i$");
  }

  @Override
  public Optional<String> refusal(String stored) {
    Optional<Hash> parsed = Hash.parse(stored);
    if (parsed.isEmpty()) {
      return Optional.of("malformed argon2 hash");
    }
    Hash hash = parsed.get();
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
    Hash hash = Hash.parse(stored).orElseThrow();
    byte[] computed = hash.type().equals(ARGON2ID) && hash.version() == Argon2Parameters.ARGON2_VERSION_13
      ? Base64.getDecoder().decode(argon2id.hash((int) hash.memoryKiB(), (int) hash.iterations(), hash.parallelism(), hash.salt(),
          hash.value().length, password))
      : withFreshMemory(hash, password);
    return MessageDigest.isEqual(computed, hash.value());
  }

  private static byte[] withFreshMemory(Hash hash, String password) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(hash.type().equals(ARGON2ID) ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i)
      .withVersion(hash.version())
      .withMemoryAsKB((int) hash.memoryKiB())
      .withIterations((int) hash.iterations())
      .withParallelism(hash.parallelism())
      .withSalt(hash.salt())
      .build());
    byte[] out = new byte[hash.value().length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /** @param version BouncyCastle's constant: {@code 0x13} for v=19, {@code 0x10} for v=16 */
  private record Hash(String type, int version, long memoryKiB, long iterations, int parallelism, byte[] salt, byte[] value) {

    static Optional<Hash> parse(String stored) {
      Matcher matcher = FORMAT.matcher(stored);
      if (!matcher.matches()) {
        return Optional.empty();
      }
      long memoryKiB = Long.parseLong(matcher.group(3));
      long iterations = Long.parseLong(matcher.group(4));
      int parallelism = Integer.parseInt(matcher.group(5));
      if (parallelism < 1 || iterations < 1 || memoryKiB < 8L * parallelism) {
        return Optional.empty();
      }
      int version = "19".equals(matcher.group(2)) ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10;
      try {
        return Optional.of(new Hash(matcher.group(1), version, memoryKiB, iterations, parallelism,
          Base64.getDecoder().decode(matcher.group(6)), Base64.getDecoder().decode(matcher.group(7))));
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
  }
}
