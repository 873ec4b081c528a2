package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PBKDF2 with HMAC-SHA256 or HMAC-SHA512, in the three layouts real software writes:
 * <ul>
 *   <li>passlib's: {@code $pbkdf2-sha256$<iterations>$<salt>$<hash>} (and {@code $pbkdf2-sha512$}), salt bytes and
 *       hash in passlib's adapted base64 (unpadded, {@code .} for {@code +});</li>
 *   <li>Ory Kratos's: {@code $pbkdf2-sha256$i=<iterations>,l=<hash length>$<salt>$<hash>} (and sha512), unpadded
 *       standard base64; {@code l} must be the hash's length;</li>
 *   <li>Django's: {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}, the salt used as its UTF-8 text, the hash in
 *       padded standard base64. Django ships no SHA-512 variant.</li>
 * </ul>
 * The hash is 16 bytes long up to the digest's length, so the work is exactly the iterations, bounded by
 * {@code imports.maxPbkdf2Iterations}. PBKDF2-SHA1 ({@code $pbkdf2$}, {@code pbkdf2_sha1$}) is not accepted.
 * Computed by BouncyCastle's {@link PKCS5S2ParametersGenerator}.
 */
final class Pbkdf2Format implements StoredHashFormat {

  private static final Pattern PASSLIB = Pattern.compile(
    "\\$pbkdf2-(sha256|sha512)\\$(\\d{1,10})\\$([./A-Za-z0-9]{0,172})\\$([./A-Za-z0-9]{22,86})");
  private static final Pattern KRATOS = Pattern.compile(
    "\\$pbkdf2-(sha256|sha512)\\$i=(\\d{1,10}),l=(\\d{1,4})\\$([A-Za-z0-9+/]{0,172})\\$([A-Za-z0-9+/]{22,86})");
  private static final Pattern DJANGO = Pattern.compile(
    "pbkdf2_(sha256)\\$(\\d{1,10})\\$([^$]{1,128})\\$([A-Za-z0-9+/]{22,86}={0,2})");
  private static final int MIN_HASH_BYTES = 16;

  private final ServiceConfig.Imports limits;

  Pbkdf2Format(ServiceConfig.Imports limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  public boolean claims(String stored) {
    return stored.startsWith("$pbkdf2-sha256$") || stored.startsWith("$pbkdf2-sha512$") || stored.startsWith("pbkdf2_sha256$");
  }

  @Override
  public Optional<String> refusal(String stored) {
    Optional<Hash> parsed = Hash.parse(stored);
    if (parsed.isEmpty()) {
      return Optional.of("malformed pbkdf2 hash");
    }
    long iterations = parsed.get().iterations();
    if (iterations > limits.maxPbkdf2Iterations()) {
      return Optional.of("pbkdf2 iteration count " + iterations + " is above the limit " + limits.maxPbkdf2Iterations());
    }
    return Optional.empty();
  }

  @Override
  public boolean matches(String stored, String password) {
    Hash hash = Hash.parse(stored).orElseThrow();
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(hash.digest().get());
    generator.init(password.getBytes(StandardCharsets.UTF_8), hash.salt(), (int) hash.iterations());
    byte[] computed = ((KeyParameter) generator.generateDerivedParameters(hash.value().length * 8)).getKey();
    return MessageDigest.isEqual(computed, hash.value());
  }

  private record Hash(Supplier<Digest> digest, long iterations, byte[] salt, byte[] value) {

    static Optional<Hash> parse(String stored) {
      try {
        Matcher passlib = PASSLIB.matcher(stored);
        if (passlib.matches()) {
          return checked(passlib.group(1), passlib.group(2), adaptedBase64(passlib.group(3)), adaptedBase64(passlib.group(4)));
        }
        Matcher kratos = KRATOS.matcher(stored);
        if (kratos.matches()) {
          byte[] value = Base64.getDecoder().decode(kratos.group(5));
          return Integer.parseInt(kratos.group(3)) == value.length
            ? checked(kratos.group(1), kratos.group(2), Base64.getDecoder().decode(kratos.group(4)), value)
            : Optional.empty();
        }
        Matcher django = DJANGO.matcher(stored);
        if (django.matches() && django.group(4).length() % 4 == 0) {
          return checked(django.group(1), django.group(2), django.group(3).getBytes(StandardCharsets.UTF_8),
            Base64.getDecoder().decode(django.group(4)));
        }
        return Optional.empty();
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }

    private static Optional<Hash> checked(String digestName, String iterationText, byte[] salt, byte[] value) {
      boolean sha256 = digestName.equals("sha256");
      long iterations = Long.parseLong(iterationText);
      int digestLength = sha256 ? 32 : 64;
      if (iterations < 1 || value.length < MIN_HASH_BYTES || value.length > digestLength) {
        return Optional.empty();
      }
      return Optional.of(new Hash(sha256 ? SHA256Digest::new : SHA512Digest::new, iterations, salt, value));
    }

    /** passlib's adapted base64: the standard alphabet with {@code .} for {@code +}, unpadded. */
    private static byte[] adaptedBase64(String text) {
      return Base64.getDecoder().decode(text.replace('.', '+'));
    }
  }
}
