package io.github.userservice.password;

import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingAlgorithm;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Argon2id (version 19) for vertx-auth-common's {@link HashingAlgorithm} slot, computed by BouncyCastle's
 * pure-Java {@link Argon2BytesGenerator}. Registered in {@code META-INF/services}, so
 * {@code HashingStrategy.load()} verifies Argon2id hashes beside the built-in pbkdf2 and sha ones.
 *
 * <p>Parameters {@code m} (KiB), {@code t} and {@code p} come from the hash string. The output is as long
 * as the stored hash when there is one, else {@link #hashLength()} bytes. Returns unpadded base64.
 */
public final class Argon2idAlgorithm implements HashingAlgorithm {

  private static final Set<String> PARAMS = Set.of("m", "t", "p");
  private static final int DEFAULT_HASH_LENGTH = 32;

  private final int hashLength;

  /** For the {@code ServiceLoader}: 32-byte hashes, the Argon2 RFC 9106 recommendation. */
  public Argon2idAlgorithm() {
    this(DEFAULT_HASH_LENGTH);
  }

  public Argon2idAlgorithm(int hashLength) {
    if (hashLength < 4) {
      throw new IllegalArgumentException("Argon2 needs at least 4 output bytes");
    }
    this.hashLength = hashLength;
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
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(intParam(hashString, "m"))
      .withIterations(intParam(hashString, "t"))
      .withParallelism(intParam(hashString, "p"))
      .withSalt(Base64.getDecoder().decode(hashString.salt()))
      .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[outputLength(hashString)];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return Base64.getEncoder().withoutPadding().encodeToString(out);
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
