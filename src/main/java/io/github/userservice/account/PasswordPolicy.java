package io.github.userservice.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules a new password must follow (NIST SP 800-63B): a length in code points after NFKC, any
 * characters (spaces and emoji included), no composition rules, and not the login itself.
 */
public final class PasswordPolicy {

  public static final int MAX_LENGTH = 256;

  private final int minLength;

  public PasswordPolicy(int minLength) {
    if (minLength < 1 || minLength > MAX_LENGTH) {
      throw new IllegalArgumentException("minimum password length must be between 1 and " + MAX_LENGTH);
    }
    this.minLength = minLength;
  }

  /** NFKC, so that the same password typed on another keyboard or input method hashes the same. */
  public static String normalize(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  /**
   * What makes a password unusable for any purpose, new or old: too long to hash cheaply, or text that
   * has no single UTF-8 form (a lone surrogate would be hashed as '?', colliding with other passwords).
   */
  public static Optional<FieldError> checkShape(String password) {
    if (password.isEmpty()) {
      return error("must not be empty");
    }
    if (password.codePointCount(0, password.length()) > MAX_LENGTH) {
      return error("must be at most " + MAX_LENGTH + " characters long");
    }
    if (password.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
      return error("must be valid Unicode text");
    }
    if (password.codePoints().anyMatch(Character::isISOControl)) {
      return error("must not contain control characters");
    }
    return Optional.empty();
  }

  /** What is wrong with a normalized new password for this canonical login, or empty when it is acceptable. */
  public Optional<FieldError> check(String password, String canonicalLogin) {
    Optional<FieldError> shape = checkShape(password);
    if (shape.isPresent()) {
      return shape;
    }
    if (password.codePointCount(0, password.length()) < minLength) {
      return error("must be at least " + minLength + " characters long");
    }
    if (password.toLowerCase(Locale.ROOT).equals(canonicalLogin)) {
      return error("must not be the login");
    }
    return Optional.empty();
  }

  private static Optional<FieldError> error(String message) {
    return Optional.of(new FieldError("password", message));
  }
}
