package io.github.userservice.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The email addresses the service accepts, and their forms. A strict subset of RFC 5321/5322's addr-spec: a dot-atom
 * local part (no quoted strings, no comments), an ASCII domain of at least two LDH labels (an internationalized domain
 * in its {@code xn--} form; no address literals), at most 254 characters in all and 64 before the {@code @}. Nothing
 * outside printable ASCII passes, so no line break, header or second recipient can ride along into a mail header.
 * The domain is kept in lower case; uniqueness is decided on the whole address in lower case ({@link #key}).
 */
public final class EmailAddress {

  public static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;
  private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private EmailAddress() {
  }

  /** The address with its domain in lower case: the local part is the receiving server's to interpret. */
  public static String canonical(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
  }

  /** What two addresses that are one for the service share: the whole address in lower case. */
  public static String key(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** What is wrong with an address, or empty when it is valid; the message never quotes the address. */
  public static Optional<FieldError> check(String address) {
    if (address.isEmpty() || address.length() > MAX_LENGTH) {
      return error("must be 1 to " + MAX_LENGTH + " characters long");
    }
    if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return error("may contain only printable ASCII characters, without spaces (an internationalized domain in its xn-- form)");
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at > MAX_LOCAL_LENGTH || !LOCAL_PART.matcher(address.substring(0, at)).matches()) {
      return error("must be an address such as name@example.com (no quoted local part, at most " + MAX_LOCAL_LENGTH + " characters before @)");
    }
    String[] labels = address.substring(at + 1).toLowerCase(Locale.ROOT).split("\\.", -1);
    boolean valid = labels.length >= 2;
    for (String label : labels) {
      valid &= LABEL.matcher(label).matches();
    }
    if (!valid || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      return error("must have a domain name such as example.com after @ (no address literals)");
    }
    return Optional.empty();
  }

  private static Optional<FieldError> error(String message) {
    return Optional.of(new FieldError("email", message));
  }
}
