package io.github.userservice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak's distribution from Maven Central ({@code org.keycloak:keycloak-quarkus-dist}, a zip), fetched once with
 * {@code mvn dependency:copy} into bench/out/ (git-ignored, never committed) and unpacked beside it. Each run starts on
 * an empty dev database: the unpacked {@code data/} folder is removed; the distribution's build (Quarkus augmentation,
 * done at its first start) is kept.
 */
final class KeycloakDistribution {

  static final String VERSION = "26.4.5";

  private KeycloakDistribution() {
  }

  /** The unpacked distribution's folder, ready to start. */
  static Path prepare(Path out) {
    Path zip = out.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
    Path home = out.resolve("keycloak-" + VERSION);
    try {
      if (!Files.exists(zip)) {
        Bench.log("fetching Keycloak " + VERSION + " (mvn dependency:copy, about 160 MB)");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:copy", "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip",
          "-DoutputDirectory=" + out).inheritIO().start();
        if (mvn.waitFor() != 0 || !Files.exists(zip)) {
          throw new IllegalStateException("could not fetch org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip with Maven");
        }
      }
      if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
        Bench.log("unpacking " + out.relativize(zip));
        unzip(zip, out);
      }
      delete(home.resolve("data"));
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("a zip entry outside its folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        copy(entries, target);
        if (target.getFileName().toString().endsWith(".sh")) {
          target.toFile().setExecutable(true);
        }
      }
    }
  }

  private static void copy(InputStream entry, Path target) throws IOException {
    Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
