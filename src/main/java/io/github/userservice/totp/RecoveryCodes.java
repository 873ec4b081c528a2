package io.github.userservice.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recovery codes: single-use look-up secrets (NIST SP 800-63B-4) for a user who lost the authenticator. Each is 120
 * random bits (the issue asks for at least 112), written as 24 base-32 characters in groups of four
 * ({@code abcd-efgh-ijkl-mnop-qrst-uvwx}); shown once and stored only as SHA-256, which for secrets this long needs
 * neither salt nor stretching: nobody can try 2^120 of them. Typed codes are read forgivingly: case, dashes and spaces
 * do not matter.
 */
public final class RecoveryCodes {

  /** How many a confirmation hands out. */
  public static final int COUNT = 10;
  static final int BYTES = 15;
  private static final int LENGTH = BYTES * 8 / 5;
  private static final int GROUP = 4;

  private final SecureRandom random;

  public RecoveryCodes(SecureRandom random) {
    this.random = random;
  }

  /** {@value #COUNT} new codes, as the user is shown them. */
  public List<String> generate() {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      byte[] bytes = new byte[BYTES];
      random.nextBytes(bytes);
      codes.add(format(Base32.encode(bytes).toLowerCase(Locale.ROOT)));
    }
    return codes;
  }

  /** What is stored of a code: SHA-256 of its normalized form, in hex. */
  public static String hash(String normalized) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The code as typed, lower case without dashes or spaces; empty when it cannot be a recovery code. */
  public static Optional<String> normalize(String typed) {
    if (typed == null || typed.length() > 2 * LENGTH) {
      return Optional.empty();
    }
    String code = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    if (code.length() != LENGTH || !code.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
      return Optional.empty();
    }
    return Optional.of(code);
  }

  private static String format(String code) {
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < code.length(); i += GROUP) {
      grouped.append(i == 0 ? "" : "-").append(code, i, i + GROUP);
    }
    return grouped.toString();
  }
}
