package io.github.userservice.password;

import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.config.ServiceConfig;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * What the user store wants of its users' hashes: the Argon2id parameters new hashes are made with, which stored
 * hashes are weaker and get re-hashed at the next successful login, and the dummy hash that unknown logins are
 * verified against. No hashing here: the hashers compute, the store decides.
 */
public final class HashPolicy {

  private final Argon2Parameters parameters;
  private final String dummyHash;

  public HashPolicy(ServiceConfig.Argon2 configured) {
    this.parameters = configured.parameters();
    this.dummyHash = randomPhcString(parameters);
  }

  /** The parameters of new hashes, as a hash request carries them. */
  public Argon2Parameters parameters() {
    return parameters;
  }

  /**
   * Whether a stored hash is weaker than a new one would be: another algorithm (pbkdf2, sha512, ...), or Argon2id with
   * less memory, fewer passes or lanes, or a shorter salt or hash. Stronger parameters are kept.
   */
  public boolean needsRehash(String stored) {
    Optional<PhcString> phc = PhcString.read(stored).filter(PhcString::isServiceFormat);
    return phc.isEmpty()
      || phc.get().memoryKiB() < parameters.memoryKiB()
      || phc.get().iterations() < parameters.iterations()
      || phc.get().parallelism() < parameters.parallelism()
      || phc.get().saltBytes().length < parameters.saltLength()
      || phc.get().hashBytes().length < parameters.hashLength();
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
  private static String randomPhcString(Argon2Parameters parameters) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[parameters.saltLength()];
    byte[] value = new byte[parameters.hashLength()];
    random.nextBytes(salt);
    random.nextBytes(value);
    return PhcString.of(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, value).toString();
  }
}
