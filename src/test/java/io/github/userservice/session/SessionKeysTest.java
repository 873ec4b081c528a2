package io.github.userservice.session;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The session key file")
class SessionKeysTest {

  @Test
  @DisplayName("is written owner-only (0600), read back as written, and never replaced by a second writer")
  void created(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/session-keys.json");
    SessionKeys first = SessionKeys.generate(new SecureRandom());

    assertTrue(SessionKeys.create(file, first));
    assertFalse(SessionKeys.create(file, SessionKeys.generate(new SecureRandom())), "the file exists: left as it is");

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    SessionKeys read = SessionKeys.read(file).orElseThrow();
    assertArrayEquals(first.refreshTokens(), read.refreshTokens());
    assertArrayEquals(first.totpSecrets(), read.totpSecrets());
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  @DisplayName("a missing file is none; one that other users may read, or that is no key file, stops start-up")
  void refused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("session-keys.json");
    assertEquals(Optional.empty(), SessionKeys.read(file));

    SessionKeys.create(file, SessionKeys.generate(new SecureRandom()));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThrows(IllegalStateException.class, () -> SessionKeys.read(file));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, "{\"refreshTokenKey\":\"c2hvcnQ=\",\"totpSecretKey\":\"c2hvcnQ=\"}");
    assertThrows(IllegalStateException.class, () -> SessionKeys.read(file));
  }

  @Test
  @DisplayName("check values tell keys apart without revealing them, and say nothing of the key in toString")
  void checkValues() {
    SessionKeys keys = SessionKeys.generate(new SecureRandom());

    assertEquals(SessionKeys.checkValue(keys.refreshTokens()), SessionKeys.checkValue(keys.refreshTokens().clone()));
    assertNotEquals(SessionKeys.checkValue(keys.refreshTokens()), SessionKeys.checkValue(keys.totpSecrets()));
    assertEquals("SessionKeys[hidden]", keys.toString());
  }
}
