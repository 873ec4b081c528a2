package io.github.userservice.files;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Owner-only files")
class OwnerOnlyFilesTest {

  @Test
  @DisplayName("a new folder and its missing parents are rwx------")
  void newFolders(@TempDir Path dir) throws IOException {
    Path folder = OwnerOnlyFiles.createFolder(dir.resolve("a/b"));

    assertEquals("rwx------", mode(dir.resolve("a")));
    assertEquals("rwx------", mode(folder));
  }

  @Test
  @DisplayName("an existing folder keeps the permissions its owner gave it")
  void existingFolder(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectory(dir.resolve("certs"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnlyFiles.createFolder(folder);

    assertEquals("rwxr-xr-x", mode(folder));
  }

  @Test
  @DisplayName("a new file is created empty and rw-------")
  void newFile(@TempDir Path dir) throws IOException {
    Path file = OwnerOnlyFiles.createFile(dir.resolve("users.db"));

    assertEquals(0, Files.size(file));
    assertEquals("rw-------", mode(file));
  }

  @Test
  @DisplayName("a file written new holds its content and is rw-------")
  void writeNew(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("server.key");

    OwnerOnlyFiles.writeNew(file, "only its owner may read this\n");

    assertEquals("only its owner may read this\n", Files.readString(file));
    assertEquals("rw-------", mode(file));
  }

  @Test
  @DisplayName("an existing file is neither created again nor written: FileAlreadyExistsException, content and mode kept")
  void refusesExisting(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("server.key"), "kept");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThrows(FileAlreadyExistsException.class, () -> OwnerOnlyFiles.createFile(file));
    assertThrows(FileAlreadyExistsException.class, () -> OwnerOnlyFiles.writeNew(file, "replaced"));

    assertEquals("kept", Files.readString(file));
    assertEquals("rw-r-----", mode(file));
  }

  @Test
  @DisplayName("a replaced file holds the new content, is rw------- even if it was readable by others, and leaves no temporary file")
  void replace(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("jwt-keys.json"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] content = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

    OwnerOnlyFiles.replace(file, content);

    assertArrayEquals(content, Files.readAllBytes(file));
    assertEquals("rw-------", mode(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "files in the folder");
    }
  }

  @Test
  @DisplayName("replace creates the file when there is none yet")
  void replaceCreates(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("jwt-keys.json");

    OwnerOnlyFiles.replace(file, new byte[] {1, 2, 3});

    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    assertEquals("rw-------", mode(file));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
