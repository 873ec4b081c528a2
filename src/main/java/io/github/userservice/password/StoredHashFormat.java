package io.github.userservice.password;

import java.util.Optional;

/**
 * One family of stored password hashes: recognises its strings, says whether one can be accepted, and verifies a
 * password against it. Only the parsing is ours; the hash functions are BouncyCastle's.
 */
interface StoredHashFormat {

  /** True when the text claims this format by its prefix; it may still be malformed or too costly. */
  boolean claims(String stored);

  /**
   * Why a stored hash that {@link #claims} this format cannot be accepted: malformed, or above the cost limits.
   * Empty when it can be verified. The reason is short, fit to show, and holds nothing of the hash but its parameters.
   */
  Optional<String> refusal(String stored);

  /**
   * Whether the password matches a stored hash that has no {@link #refusal}, compared in constant time. Heavy: the
   * hash's own cost.
   */
  boolean matches(String stored, String password);
}
