package io.github.userservice.token;

import io.github.userservice.support.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The token signing key ring")
class KeyRingTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

  private final MutableClock clock = new MutableClock();

  @Test
  @DisplayName("the first start makes one key in an owner-only file; the next start reads the same key")
  void persists(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/keys.json");
    KeyRing first = KeyRing.loadOrCreate(file, clock, TOKEN_LIFETIME);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.current(), KeyRing.loadOrCreate(file, clock, TOKEN_LIFETIME).current());
  }

  @Test
  @DisplayName("a rotation signs with a new key and keeps the previous one while its tokens may live")
  void rotationKeepsPreviousKey(@TempDir Path dir) {
    KeyRing ring = KeyRing.loadOrCreate(dir.resolve("keys.json"), clock, TOKEN_LIFETIME);
    SigningKey old = ring.current();

    SigningKey fresh = ring.rotate();

    assertNotEquals(old.kid(), fresh.kid());
    assertEquals(fresh, ring.current());
    assertTrue(ring.keys().contains(old));
    assertEquals(ring.keys(), KeyRing.loadOrCreate(dir.resolve("keys.json"), clock, TOKEN_LIFETIME).keys(), "saved");
  }

  @Test
  @DisplayName("a key retired longer ago than the token lifetime is dropped at the next rotation")
  void retiredKeysExpire(@TempDir Path dir) {
    KeyRing ring = KeyRing.loadOrCreate(dir.resolve("keys.json"), clock, TOKEN_LIFETIME);
    SigningKey first = ring.current();
    ring.rotate();
    clock.advance(TOKEN_LIFETIME.plusSeconds(1));

    ring.rotate();

    assertFalse(ring.keys().contains(first));
    assertEquals(2, ring.keys().size());
  }

  @Test
  @DisplayName("rotation by age happens only once the key is old enough")
  void rotationByAge(@TempDir Path dir) {
    KeyRing ring = KeyRing.loadOrCreate(dir.resolve("keys.json"), clock, TOKEN_LIFETIME);

    assertFalse(ring.rotateIfOlderThan(Duration.ofDays(30)));
    clock.advance(Duration.ofDays(30));
    assertTrue(ring.rotateIfOlderThan(Duration.ofDays(30)));
  }

  @Test
  @DisplayName("the published form of a key has no private part, and toString hides it")
  void publicForm() {
    SigningKey key = SigningKey.generate(clock.instant());

    assertTrue(key.privateJwk().containsKey("d"));
    assertFalse(key.publicJwk().containsKey("d"));
    assertFalse(key.toString().contains(key.privateJwk().getString("d")));
    assertEquals(43, key.kid().length(), "base64url of a SHA-256 thumbprint");
  }
}
