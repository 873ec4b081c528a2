package io.github.userservice.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A refresh token: {@code SESSION.GENERATION.MAC}, the session's id, the generation it was issued for, and
 * HMAC-SHA256 of both under a key kept outside the database ({@link SessionKeys}). The store keeps only the session's
 * current generation: no token in any form. So the current token can be made again at any time (a client that lost
 * its answer gets it back), a forged one is refused before the database is asked, and a copy of the database makes no
 * token.
 *
 * @param sessionId  22 characters of base64url (128 random bits)
 * @param generation 1 for the first token of a session, one more at each refresh
 */
record RefreshToken(String sessionId, long generation) {

  private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9_-]{22})\\.([1-9][0-9]{0,17})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** The token as the client holds it. */
  String encode(byte[] key) {
    return sessionId + "." + generation + "." + BASE64URL.encodeToString(mac(key, sessionId, generation));
  }

  /** The session and generation a token names, when its MAC is right (compared in constant time); else empty. */
  static Optional<RefreshToken> verify(String token, byte[] key) {
    Matcher parts = token == null ? null : FORMAT.matcher(token);
    if (parts == null || !parts.matches()) {
      return Optional.empty();
    }
    RefreshToken claimed = new RefreshToken(parts.group(1), Long.parseLong(parts.group(2)));
    byte[] given = Base64.getUrlDecoder().decode(parts.group(3));
    return MessageDigest.isEqual(mac(key, claimed.sessionId(), claimed.generation()), given) ? Optional.of(claimed) : Optional.empty();
  }

  private static byte[] mac(byte[] key, String sessionId, long generation) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(("user-service refresh token v1|" + sessionId + "|" + generation).getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
