package io.github.userservice.keyring;

import io.github.userservice.support.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The key ring beside SQLite, in a file")
class KeyRingFileTest {

  @Test
  @DisplayName("the file is created owner-only, in a folder made for it: it holds private keys")
  void ownerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/keys.json");

    new KeyRingFile(file, new MutableClock()).load().await();

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
