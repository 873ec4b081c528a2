package io.github.userservice.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One object of the configuration, read with defaults and checked as it is read. Every error names the full key
 * ({@code http.port}) and what was expected, and keys that nobody read are reported by {@link #rejectUnknownKeys()},
 * so a typo stops start-up instead of being ignored.
 *
 * <p>Reading also writes: each value read, whether from the file, an {@link ConfigOverrides override} or the default,
 * is put back into the section's JSON with its proper type, so that after parsing the JSON is the complete,
 * effective configuration.
 */
final class ConfigSection {

  private final String path;
  private final JsonObject json;
  private final ConfigOverrides overrides;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigSection(String path, JsonObject json, ConfigOverrides overrides) {
    this.path = path;
    this.json = json;
    this.overrides = overrides;
  }

  static ConfigSection root(JsonObject json, ConfigOverrides overrides) {
    return new ConfigSection("", json, overrides);
  }

  ConfigSection section(String key) {
    Object value = json.getValue(key);
    read.add(key);
    if (value == null) {
      value = new JsonObject();
      json.put(key, value);
    }
    if (!(value instanceof JsonObject)) {
      throw invalid(key, "must be an object");
    }
    return new ConfigSection(name(key), (JsonObject) value, overrides);
  }

  String string(String key, String defaultValue) {
    Object value = value(key, text -> text);
    if (value == null) {
      return remember(key, defaultValue);
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw invalid(key, "must be a non-empty string");
    }
    return (String) value;
  }

  int integer(String key, int defaultValue, int min, int max) {
    return (int) longInteger(key, defaultValue, min, max);
  }

  long longInteger(String key, long defaultValue, long min, long max) {
    Object value = value(key, ConfigSection::wholeNumber);
    if (value == null) {
      return remember(key, defaultValue);
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw invalid(key, "must be a whole number between " + min + " and " + max);
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw invalid(key, "must be between " + min + " and " + max + ", got " + number);
    }
    return number;
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = value(key, text -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : text);
    if (value == null) {
      return remember(key, defaultValue);
    }
    if (!(value instanceof Boolean)) {
      throw invalid(key, "must be true or false");
    }
    return (Boolean) value;
  }

  List<String> strings(String key, List<String> defaultValue) {
    Object value = value(key, ConfigSection::list);
    if (value == null) {
      remember(key, new JsonArray(defaultValue));
      return defaultValue;
    }
    if (!(value instanceof JsonArray)) {
      throw invalid(key, "must be an array of strings");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw invalid(key, "must be an array of non-empty strings");
      }
      strings.add((String) item);
    }
    return List.copyOf(strings);
  }

  /**
   * A list of objects, each read as a section of its own named {@code key[i]}; from an override, a JSON array. Each
   * section must be checked with {@link #rejectUnknownKeys()} by the caller.
   */
  List<ConfigSection> sections(String key) {
    Object value = value(key, ConfigSection::jsonArray);
    if (value == null) {
      remember(key, new JsonArray());
      return List.of();
    }
    if (!(value instanceof JsonArray)) {
      throw invalid(key, "must be an array of objects");
    }
    List<ConfigSection> sections = new ArrayList<>();
    JsonArray items = (JsonArray) value;
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject)) {
        throw invalid(key, "must be an array of objects");
      }
      sections.add(new ConfigSection(name(key) + "[" + i + "]", items.getJsonObject(i), overrides));
    }
    return sections;
  }

  /** Whether the file holds this key; for keys that are no longer read, to say what replaced them. */
  boolean has(String key) {
    return json.containsKey(key);
  }

  /** Fails when the section holds a key that no getter asked for. */
  void rejectUnknownKeys() {
    for (String key : json.fieldNames()) {
      if (!read.contains(key)) {
        throw new IllegalArgumentException("unknown configuration key '" + name(key) + "'");
      }
    }
  }

  IllegalArgumentException invalid(String key, String expectation) {
    String source = overrides.variableFor(name(key)).map(variable -> " (from " + variable + ")").orElse("");
    return new IllegalArgumentException("configuration key '" + name(key) + "'" + source + " " + expectation);
  }

  /** The override's text, converted to the JSON type the key expects, else the file's value, else null. */
  private Object value(String key, java.util.function.Function<String, Object> fromText) {
    read.add(key);
    overrides.take(name(key)).map(fromText).ifPresent(value -> json.put(key, value));
    return json.getValue(key);
  }

  private <T> T remember(String key, T defaultValue) {
    json.put(key, defaultValue);
    return defaultValue;
  }

  private String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A whole number as Long, or the text itself, which the caller then refuses with its usual message. */
  private static Object wholeNumber(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException notANumber) {
      return text;
    }
  }

  /** A JSON array, or the text itself, which the caller then refuses with its usual message. */
  private static Object jsonArray(String text) {
    try {
      return new JsonArray(text);
    } catch (DecodeException notJson) {
      return text;
    }
  }

  /** A JSON array, or comma-separated items: {@code ["a","b"]} and {@code a,b} are the same list. */
  private static Object list(String text) {
    if (text.trim().startsWith("[")) {
      try {
        return new JsonArray(text);
      } catch (DecodeException notJson) {
        return text;
      }
    }
    return new JsonArray(Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList());
  }
}
