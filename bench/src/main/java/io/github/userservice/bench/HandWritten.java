package io.github.userservice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sections of bench/RESULTS.md that people wrote (what the misses are made of, say): a "## " section whose first
 * line after the heading is an HTML comment starting with {@code <!-- Written by hand}. A full run rewrites the file
 * from its measurements and carries these sections over, at the end, unchanged.
 */
final class HandWritten {

  static final String MARK = "<!-- Written by hand";

  private HandWritten() {
  }

  /** The hand-written sections of the file, each from its heading to the next "## " heading; empty when none or no file. */
  static String sections(Path results) {
    if (!Files.exists(results)) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(results);
      StringBuilder kept = new StringBuilder();
      boolean keeping = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("## ")) {
          keeping = firstTextAfter(lines, i).startsWith(MARK);
        }
        if (keeping) {
          kept.append(line).append('\n');
        }
      }
      return kept.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstTextAfter(List<String> lines, int heading) {
    for (int i = heading + 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).trim();
      }
    }
    return "";
  }
}
