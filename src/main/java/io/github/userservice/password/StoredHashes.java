package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored password hashes the service accepts and verifies: its own Argon2id, and those that users moving from
 * another system bring along, re-hashed to Argon2id at their first successful login ({@link HashPolicy#needsRehash}).
 * Exactly these formats, each within the {@code imports} cost limits:
 * <ul>
 *   <li>Argon2id and Argon2i PHC strings, versions 19 and 16 ({@link Argon2Format});</li>
 *   <li>bcrypt {@code $2a$}, {@code $2b$}, {@code $2y$} ({@link BcryptFormat});</li>
 *   <li>scrypt {@code $scrypt$ln=..,r=..,p=..$...} of passlib and Ory Kratos ({@link ScryptFormat});</li>
 *   <li>PBKDF2-SHA256 and -SHA512 of passlib and Ory Kratos, and Django's {@code pbkdf2_sha256$}
 *       ({@link Pbkdf2Format}).</li>
 * </ul>
 * Anything else, such as unsalted or fast digests, md5-crypt or sha-crypt, is refused at import and never matches.
 * Thread-safe.
 */
public final class StoredHashes {

  static final String UNKNOWN = "unknown hash format";

  private final List<StoredHashFormat> formats;

  /** For checking hashes before import: Argon2id verifications would get no kept memory. */
  public StoredHashes(ServiceConfig.Imports limits) {
    this(limits, new Argon2idAlgorithm());
  }

  /** @param argon2id computes Argon2id version 19, the service's own format */
  public StoredHashes(ServiceConfig.Imports limits, Argon2idAlgorithm argon2id) {
    Objects.requireNonNull(limits);
    this.formats = List.of(new Argon2Format(limits, argon2id), new BcryptFormat(limits), new ScryptFormat(limits), new Pbkdf2Format(limits));
  }

  /**
   * Why this stored hash cannot be accepted for import, as one short sentence fit to show the importer (it names the
   * format and its parameters, never the hash): an unknown format, a malformed hash, or a cost above the limits.
   * Empty when it is accepted. Cheap: nothing is computed.
   */
  public Optional<String> refusal(String stored) {
    if (stored == null) {
      return Optional.of(UNKNOWN);
    }
    return format(stored).map(format -> format.refusal(stored)).orElse(Optional.of(UNKNOWN));
  }

  /**
   * Whether the password matches the stored hash, compared in constant time. A hash that would be refused at import
   * (unknown, malformed, above the limits) never matches and costs nothing; this never throws.
   */
  public boolean verify(String stored, String password) {
    try {
      Optional<StoredHashFormat> format = format(stored);
      return format.isPresent() && format.get().refusal(stored).isEmpty() && format.get().matches(stored, password);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  private Optional<StoredHashFormat> format(String stored) {
    return formats.stream().filter(format -> format.claims(stored)).findFirst();
  }
}
