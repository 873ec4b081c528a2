package io.github.userservice.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read: private keys, the database and its backups, the token signing keys. On a POSIX file
 * system a folder is made {@code rwx------} and a file {@code rw-------} as it is created, so that no other user can
 * open it in between, as a {@code chmod} afterwards would allow; elsewhere (Windows) the platform's defaults apply.
 * Existing folders keep their permissions: {@code certs/} or {@code /etc/...} are the operator's to choose.
 */
public final class OwnerOnlyFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {
  }

  /** {@code folder} and any missing parents, those it creates owner-only; an existing folder is left as it is. */
  public static Path createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return folder;
    }
    return Files.createDirectories(folder, attributes("rwx------"));
  }

  /**
   * A new, empty, owner-only file.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists: it is never opened or changed
   */
  public static Path createFile(Path file) throws IOException {
    return Files.createFile(file, attributes("rw-------"));
  }

  /**
   * A new owner-only file holding {@code content} (US-ASCII, as PEM is); the file is created before anything is written.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists: it is never opened or changed
   */
  public static void writeNew(Path file, String content) throws IOException {
    createFile(file);
    Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Replaces the content of {@code file} (or creates it) at once: readers see the old content or the new, never part
   * of it, and a crash leaves the old. Written to an owner-only file beside it, flushed to the disk, then renamed over
   * {@code file}, which therefore ends up owner-only too. The folder must exist.
   */
  public static void replace(Path file, byte[] content) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp", attributes("rw-------"));
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static FileAttribute<?>[] attributes(String permissions) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
      : new FileAttribute<?>[0];
  }
}
