package io.github.userservice.support;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app of the tests' own: reads the secret from an {@code otpauth://} URI and computes RFC 6238 codes
 * (HMAC-SHA-1, 6 digits, 30-second steps), written apart from the service's code so that a mistake in one is not
 * mirrored in the other. Checked against RFC 6238's vectors by {@code AuthenticatorTest}.
 */
public final class Authenticator {

  private final byte[] secret;

  public Authenticator(byte[] secret) {
    this.secret = secret.clone();
  }

  /** The app after scanning this URI. */
  public static Authenticator scanning(String otpauthUri) {
    String query = URI.create(otpauthUri).getQuery();
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("secret=")) {
        return new Authenticator(base32(parameter.substring("secret=".length())));
      }
    }
    throw new AssertionError("no secret in " + otpauthUri);
  }

  public static long stepNow() {
    return Instant.now().getEpochSecond() / 30;
  }

  /** The code the app shows now. */
  public String code() {
    return code(stepNow());
  }

  public String code(long step) {
    return code(step, 6);
  }

  /**
   * A code of a step at least two steps before now, and unlike every code of the steps a service accepts now
   * (one in a million codes coincide): a code the service must refuse.
   */
  public String staleCode() {
    long now = stepNow();
    for (long step = now - 2; ; step--) {
      String candidate = code(step);
      boolean acceptedAnyway = false;
      for (long recent = now - 1; recent <= now + 2; recent++) {
        acceptedAnyway |= code(recent).equals(candidate);
      }
      if (!acceptedAnyway) {
        return candidate;
      }
    }
  }

  String code(long step, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[19] & 0xf;
      int truncated = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
      return String.format(Locale.ROOT, "%0" + digits + "d", truncated % (int) Math.pow(10, digits));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer bytes = ByteBuffer.allocate(text.length() * 5 / 8);
    long buffer = 0;
    int bits = 0;
    for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
      buffer = buffer << 5 | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        bytes.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return bytes.array();
  }
}
