package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * What the user store wants of its users' hashes: the Argon2id parameters new hashes are made with, which stored
 * hashes are weaker and get re-hashed at the next successful login, and the dummy hash that unknown logins are
 * verified against. No hashing here: the hashers compute, the store decides.
 */
public final class HashPolicy {

  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final ServiceConfig.Argon2 parameters;
  private final String dummyHash;

  public HashPolicy(ServiceConfig.Argon2 parameters) {
    this.parameters = Objects.requireNonNull(parameters);
    this.dummyHash = randomPhcString(parameters);
  }

  /** The parameters of new hashes. */
  public ServiceConfig.Argon2 parameters() {
    return parameters;
  }

  /**
   * Whether a stored hash is weaker than a new one would be: another algorithm (pbkdf2, sha512, ...), or Argon2id with
   * less memory, fewer passes or lanes, or a shorter salt or hash. Stronger parameters are kept.
   */
  public boolean needsRehash(String stored) {
    if (!PhcString.isArgon2id(stored)) {
      return true;
    }
    try {
      PhcString phc = PhcString.parse(stored);
      return phc.memoryKiB() < parameters.memoryKiB()
        || phc.iterations() < parameters.iterations()
        || phc.parallelism() < parameters.parallelism()
        || Base64.getDecoder().decode(phc.salt()).length < parameters.saltLength()
        || Base64.getDecoder().decode(phc.hash()).length < parameters.hashLength();
    } catch (IllegalArgumentException malformed) {
      return true;
    }
  }

  /**
   * The stored hash that logins which do not exist are verified against, so that timing does not reveal who exists:
   * the current parameters, so it costs exactly what a wrong password costs, and it never matches.
   */
  public String dummyHash() {
    return dummyHash;
  }

  /**
   * A random salt and a random hash value. Nothing needs computing: only the work of verifying against it matters, and
   * a password matches it with a chance of 2^-(8 x hashLength).
   */
  private static String randomPhcString(ServiceConfig.Argon2 parameters) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[parameters.saltLength()];
    byte[] value = new byte[parameters.hashLength()];
    random.nextBytes(salt);
    random.nextBytes(value);
    return PhcString.of(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, value).toString();
  }
}
