package io.github.userservice.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The run's raw measurements: one JSON object a line (a window, a start, a fact about the machine), read by the report. */
final class Results {

  private final Path file;

  Results(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  synchronized void add(JsonObject line) {
    append(line.encode() + "\n");
  }

  void addAll(List<JsonObject> lines) {
    lines.forEach(this::add);
  }

  /** A fact about the run for the report's header, e.g. the JDK or the load before it. */
  void meta(String key, Object value) {
    add(new JsonObject().put("section", "meta").put("key", key).put("value", String.valueOf(value)));
  }

  /** A sentence the report lists under its header. */
  void note(String text) {
    meta("note", text);
  }

  private void append(String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
