package io.github.userservice.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads the configuration named on the command line ({@code -conf FILE} or inline JSON), else
 * {@code conf/config.json} when it exists, else nothing (the embedded defaults). Unlike the Vert.x launcher,
 * which falls back to an empty configuration with a warning, a named file that is missing or not valid JSON
 * stops start-up: running on defaults by accident is how a service ends up with the wrong database.
 */
public final class ConfigFile {

  public static final Path DEFAULT = Path.of("conf", "config.json");
  private static final JsonMapper STRICT = JsonMapper.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    .build();

  private ConfigFile() {
  }

  /** @throws IllegalArgumentException naming the file and the problem */
  public static JsonObject read(String[] args) {
    Optional<String> named = argument(args);
    if (named.isEmpty()) {
      return Files.exists(DEFAULT) ? parse(DEFAULT) : new JsonObject();
    }
    String value = named.get();
    return value.trim().startsWith("{") ? parse(value, "the -conf argument") : parse(Path.of(value));
  }

  /** The arguments other than {@code -conf} and its value, in every form {@link #read} accepts, in their order. */
  public static List<String> otherArguments(String[] args) {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (isConf(args[i])) {
        i += args[i].contains("=") ? 0 : 1;
      } else {
        others.add(args[i]);
      }
    }
    return others;
  }

  private static JsonObject parse(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist or is not readable");
    }
    try {
      return parse(Files.readString(file), "configuration file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject parse(String json, String source) {
    try {
      return new JsonObject(STRICT.readValue(json, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not a valid JSON object: " + e.getOriginalMessage(), e);
    }
  }

  /** The value of {@code -conf}/{@code --conf} (any case, as the launcher accepts), also in the {@code --conf=FILE} form. */
  private static Optional<String> argument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (isConf(arg)) {
        if (arg.contains("=")) {
          return Optional.of(arg.substring(arg.indexOf('=') + 1));
        }
        if (i + 1 < args.length) {
          return Optional.of(args[i + 1]);
        }
        throw new IllegalArgumentException("-conf needs a file name or a JSON object");
      }
    }
    return Optional.empty();
  }

  private static boolean isConf(String arg) {
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    return name.equalsIgnoreCase("-conf") || name.equalsIgnoreCase("--conf");
  }
}
