package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scrypt in the two layouts that share the {@code $scrypt$ln=<n>,r=<r>,p=<p>$<salt>$<hash>} shape:
 * <ul>
 *   <li>passlib's: {@code ln} is log2 N, 1 to 31; salt and hash in unpadded standard base64
 *       ({@code $scrypt$ln=16,r=8,p=1$...});</li>
 *   <li>Ory Kratos's (its {@code hash/hash_comparator.go}): {@code ln} holds N itself; salt and hash in padded
 *       standard base64 ({@code $scrypt$ln=16384,r=8,p=1$...=$...=}).</li>
 * </ul>
 * The value tells them apart: up to 31 it is passlib's exponent, from 32 on Kratos's N, which must then be a power
 * of two. Only a Kratos hash with N of 16 or less would be misread, and its padding then makes it malformed; no
 * real configuration is that weak. Django's {@code scrypt$...} (Django 4.0 and later) and the {@code $7$} crypt
 * format are not accepted.
 *
 * <p>Cost: scrypt needs 128 x N x r bytes of memory and N x r x p work, bounded by {@code imports.maxScryptMemoryMiB}
 * and {@code imports.maxScryptParallelism}. Computed by BouncyCastle's {@link SCrypt}; hashes of 16 to 64 bytes.
 */
final class ScryptFormat implements StoredHashFormat {

  private static final Pattern FORMAT = Pattern.compile(
    "\\$scrypt\\$ln=(\\d{1,10}),r=(\\d{1,10}),p=(\\d{1,10})\\$([A-Za-z0-9+/]{0,172}={0,2})\\$([A-Za-z0-9+/]{22,88}={0,2})");
  private static final int LARGEST_EXPONENT = 31;
  private static final int MIN_HASH_BYTES = 16;
  private static final int MAX_HASH_BYTES = 64;

  private final ServiceConfig.Imports limits;

  ScryptFormat(ServiceConfig.Imports limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  public boolean claims(String stored) {
    return stored.startsWith("$scrypt$");
  }

  @Override
  public Optional<String> refusal(String stored) {
    Optional<Hash> parsed = Hash.parse(stored);
    if (parsed.isEmpty()) {
      return Optional.of("malformed scrypt hash");
    }
    Hash hash = parsed.get();
    long limitBytes = (long) limits.maxScryptMemoryMiB() << 20;
    if (hash.memoryBytes() > limitBytes) {
      long mebibytes = (hash.memoryBytes() + (1 << 20) - 1) >> 20;
      return Optional.of("scrypt memory " + mebibytes + " MiB is above the limit " + limits.maxScryptMemoryMiB() + " MiB");
    }
    if (hash.parallelism() > limits.maxScryptParallelism()) {
      return Optional.of("scrypt parallelism " + hash.parallelism() + " is above the limit " + limits.maxScryptParallelism());
    }
    return Optional.empty();
  }

  @Override
  public boolean matches(String stored, String password) {
    Hash hash = Hash.parse(stored).orElseThrow();
    byte[] computed = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), hash.salt(),
      (int) hash.cost(), (int) hash.blockSize(), (int) hash.parallelism(), hash.value().length);
    return MessageDigest.isEqual(computed, hash.value());
  }

  /** @param cost N itself, whichever layout wrote it */
  private record Hash(long cost, long blockSize, long parallelism, byte[] salt, byte[] value) {

    long memoryBytes() {
      return 128 * cost * blockSize;
    }

    static Optional<Hash> parse(String stored) {
      Matcher matcher = FORMAT.matcher(stored);
      if (!matcher.matches()) {
        return Optional.empty();
      }
      long ln = Long.parseLong(matcher.group(1));
      long blockSize = Long.parseLong(matcher.group(2));
      long parallelism = Long.parseLong(matcher.group(3));
      boolean passlib = ln <= LARGEST_EXPONENT;
      long cost = passlib ? 1L << ln : ln;
      String salt = matcher.group(4);
      String value = matcher.group(5);
      boolean encodingFits = passlib ? !salt.contains("=") && !value.contains("=") : salt.length() % 4 == 0 && value.length() % 4 == 0;
      if (!encodingFits || cost < 2 || Long.bitCount(cost) != 1 || cost > Integer.MAX_VALUE
        || blockSize < 1 || blockSize > 1024 || parallelism < 1 || parallelism > 1024
        || blockSize == 1 && cost >= 1 << 16) {
        return Optional.empty();
      }
      try {
        Hash hash = new Hash(cost, blockSize, parallelism, Base64.getDecoder().decode(salt), Base64.getDecoder().decode(value));
        return hash.value().length >= MIN_HASH_BYTES && hash.value().length <= MAX_HASH_BYTES ? Optional.of(hash) : Optional.empty();
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
  }
}
