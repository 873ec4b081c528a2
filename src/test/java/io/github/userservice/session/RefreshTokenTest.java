package io.github.userservice.session;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Refresh tokens: session, generation and their HMAC")
class RefreshTokenTest {

  private static final String SESSION = "AAAAAAAAAAAAAAAAAAAAAA";
  private final byte[] key = key();

  @Test
  @DisplayName("a token names its session and generation, and verifies under its key only")
  void roundTrip() {
    String token = new RefreshToken(SESSION, 7).encode(key);

    assertTrue(token.startsWith(SESSION + ".7."));
    assertEquals(Optional.of(new RefreshToken(SESSION, 7)), RefreshToken.verify(token, key));
    assertEquals(Optional.empty(), RefreshToken.verify(token, key()));
  }

  @Test
  @DisplayName("another generation or session with the same MAC, or a mangled token, is refused before any lookup")
  void forged() {
    String token = new RefreshToken(SESSION, 7).encode(key);
    String mac = token.substring(token.lastIndexOf('.') + 1);

    assertEquals(Optional.empty(), RefreshToken.verify(SESSION + ".8." + mac, key));
    assertEquals(Optional.empty(), RefreshToken.verify("BAAAAAAAAAAAAAAAAAAAAA.7." + mac, key));
    assertEquals(Optional.empty(), RefreshToken.verify(token + "x", key));
    assertEquals(Optional.empty(), RefreshToken.verify(SESSION + ".07." + mac, key), "one spelling per generation");
    assertEquals(Optional.empty(), RefreshToken.verify("", key));
    assertEquals(Optional.empty(), RefreshToken.verify(null, key));
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
