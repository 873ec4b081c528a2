package io.github.userservice.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs the benchmark runs beside Java: wrk for the GET routes, Chromium to look at the chart. */
final class Tools {

  private Tools() {
  }

  static Optional<Path> find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static void require(String name) {
    if (find(name).isEmpty()) {
      throw new IllegalArgumentException(name + " is missing (Debian: apt-get install " + name + ")");
    }
  }
}
