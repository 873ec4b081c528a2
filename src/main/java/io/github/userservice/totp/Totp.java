package io.github.userservice.totp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them over RFC 4226's HOTP, with the parameters every
 * authenticator app uses by default: HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch. A code is accepted for
 * the current step and one step either way (a clock a little off, a code typed as the step turned), and only for a
 * step later than the last one accepted: the caller stores that step and compares-and-sets it, so that no code is
 * accepted twice, even within its window. Written here rather than taken from vertx-auth-otp, which checks only the
 * current step and keeps no replay state. Thread-safe.
 */
public final class Totp {

  /** Seconds per step (RFC 6238's X). */
  public static final int STEP_SECONDS = 30;
  public static final int DIGITS = 6;
  /** Steps accepted either side of the current one. */
  static final int DRIFT_STEPS = 1;
  /** 160 bits, the key length RFC 4226 recommends. */
  public static final int SECRET_BYTES = 20;

  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Totp() {
  }

  /** The step an instant falls in: RFC 6238's T = floor((unix time - T0) / X), T0 = 0. */
  public static long step(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
  }

  /** The 6-digit code of a step. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS);
  }

  /** RFC 4226 section 5.3: HMAC of the 8-byte counter, dynamic truncation, the last {@code digits} decimal digits. */
  static String code(byte[] secret, long step, int digits) {
    byte[] hash = hmacSha1(secret, step);
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
    StringBuilder code = new StringBuilder(Integer.toString(binary % POWERS[digits]));
    while (code.length() < digits) {
      code.insert(0, '0');
    }
    return code.toString();
  }

  /**
   * The step whose code this is, among the current step and one either way, and later than {@code lastAccepted}; empty
   * when none matches. Every candidate is computed and compared in constant time, so the answer's timing does not say
   * which step matched.
   *
   * @param lastAccepted the last step accepted for this secret, or {@link Long#MIN_VALUE} for none
   */
  public static OptionalLong matchingStep(byte[] secret, String code, Instant now, long lastAccepted) {
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    long matched = Long.MIN_VALUE;
    for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
      boolean equal = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), given);
      if (equal && step > lastAccepted && matched == Long.MIN_VALUE) {
        matched = step;
      }
    }
    return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
  }

  /** Whether a string has the shape of a code: exactly six ASCII digits. */
  public static boolean looksLikeCode(String code) {
    return code != null && code.length() == DIGITS && code.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static byte[] hmacSha1(byte[] secret, long counter) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] message = new byte[8];
      for (int i = 7; i >= 0; i--) {
        message[i] = (byte) counter;
        counter >>>= 8;
      }
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA1", e);
    }
  }
}
