package io.github.userservice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The service's JVM options as production gives them: conf/jvm.options (a java @file, read as java reads it: words,
 * {@code #} to the end of a line a comment), then JAVA_OPTS. The hash ceiling's forks and the cluster's nodes get these.
 */
final class JvmOptions {

  private JvmOptions() {
  }

  static List<String> ofService(Path repo) {
    List<String> options = new ArrayList<>(file(repo.resolve("conf/jvm.options")));
    options.addAll(javaOpts());
    return List.copyOf(options);
  }

  static List<String> file(Path file) {
    try {
      List<String> words = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        int comment = line.indexOf('#');
        words.addAll(split(comment < 0 ? line : line.substring(0, comment)));
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> javaOpts() {
    return split(System.getenv().getOrDefault("JAVA_OPTS", ""));
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }
}
