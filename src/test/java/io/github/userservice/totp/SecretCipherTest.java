package io.github.userservice.totp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("TOTP secrets encrypted at rest (AES-256-GCM)")
class SecretCipherTest {

  private final SecureRandom random = new SecureRandom();
  private final SecretCipher cipher = new SecretCipher(key(), random);
  private final byte[] secret = "a twenty-byte secret".getBytes();

  @Test
  @DisplayName("a secret decrypts for its login, and two encryptions of it differ (a nonce each)")
  void roundTrip() {
    String first = cipher.encrypt(secret, "alice");
    String second = cipher.encrypt(secret, "alice");

    assertArrayEquals(secret, cipher.decrypt(first, "alice"));
    assertNotEquals(first, second);
    assertTrue(first.startsWith("v1:"));
  }

  @Test
  @DisplayName("a ciphertext moved to another login's row does not decrypt")
  void boundToLogin() {
    String stored = cipher.encrypt(secret, "alice");
    assertThrows(IllegalStateException.class, () -> cipher.decrypt(stored, "mallory"));
  }

  @Test
  @DisplayName("another key, or a flipped bit, does not decrypt")
  void tamperEvident() {
    String stored = cipher.encrypt(secret, "alice");
    byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
    bytes[bytes.length - 1] ^= 1;

    assertThrows(IllegalStateException.class, () -> new SecretCipher(key(), random).decrypt(stored, "alice"));
    assertThrows(IllegalStateException.class, () -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(bytes), "alice"));
  }

  private byte[] key() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }
}
