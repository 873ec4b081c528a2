package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the repository as a fresh clone has it, plus the jar this build made: for tests that run the shipped
 * entry points ({@code ./run.sh ...}) as the README tells a newcomer to. Modification times are kept, so the script
 * finds the jar newer than the sources and does not build again. No generated key or database is copied.
 */
public final class RepositoryCopy {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath();
  private static final List<String> TRACKED = List.of("run.sh", "pom.xml", "conf", "src", "certs/README.md", "certs/.gitignore");

  private RepositoryCopy() {
  }

  /** Copies into {@code target} (created) and returns it. */
  public static Path into(Path target) {
    try {
      for (String entry : TRACKED) {
        copy(REPOSITORY.resolve(entry), target.resolve(entry));
      }
      Path jar = Path.of(System.getProperty("userservice.jar", "target/user-service.jar")).toAbsolutePath();
      copy(jar, target.resolve("target").resolve(jar.getFileName()));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the repository into " + target, e);
    }
  }

  private static void copy(Path source, Path destination) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = destination.resolve(source.relativize(file).toString());
        Files.createDirectories(Files.isDirectory(file) ? to : to.getParent());
        if (!Files.isDirectory(file)) {
          Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    // folders too, once filled: run.sh's "find pom.xml src -newer JAR" lists folders as well, and a folder made
    // now would be newer than the jar, so the script would build it again
    try (Stream<Path> folders = Files.walk(source).filter(Files::isDirectory)) {
      for (Path folder : (Iterable<Path>) folders::iterator) {
        Files.setLastModifiedTime(destination.resolve(source.relativize(folder).toString()), Files.getLastModifiedTime(folder));
      }
    }
  }
}
