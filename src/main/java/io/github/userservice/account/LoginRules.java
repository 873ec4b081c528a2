package io.github.userservice.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The canonical form of a login and the rules it must follow. Uniqueness is decided on the canonical
 * form, so {@code Alice@Example.com}, {@code alice@example.com} and their fullwidth forms are one login.
 */
public final class LoginRules {

  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 64;

  private LoginRules() {
  }

  /** NFKC first (folds fullwidth and compatibility forms), then lower case independent of the host's locale. */
  public static String canonical(String login) {
    return Normalizer.normalize(login, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** What is wrong with a canonical login, or empty when it is valid. */
  public static Optional<FieldError> check(String canonicalLogin) {
    int length = canonicalLogin.codePointCount(0, canonicalLogin.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      return error("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
    }
    if (!canonicalLogin.codePoints().allMatch(LoginRules::isAllowed)) {
      return error("may contain only letters, digits and . _ - @ +");
    }
    return Optional.empty();
  }

  private static boolean isAllowed(int codePoint) {
    return Character.isLetter(codePoint) || Character.isDigit(codePoint) || ".-_@+".indexOf(codePoint) >= 0;
  }

  private static Optional<FieldError> error(String message) {
    return Optional.of(new FieldError("login", message));
  }
}
