package io.github.userservice.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One object of the configuration file, read with defaults and checked as it is read.
 * Every error names the full key ({@code http.port}) and what was expected, and keys that nobody
 * read are reported by {@link #rejectUnknownKeys()}, so a typo stops start-up instead of being ignored.
 */
final class ConfigSection {

  private final String path;
  private final JsonObject json;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigSection(String path, JsonObject json) {
    this.path = path;
    this.json = json;
  }

  static ConfigSection root(JsonObject json) {
    return new ConfigSection("", json == null ? new JsonObject() : json);
  }

  ConfigSection section(String key) {
    Object value = value(key);
    if (value == null) {
      return new ConfigSection(name(key), new JsonObject());
    }
    if (!(value instanceof JsonObject)) {
      throw invalid(key, "must be an object");
    }
    return new ConfigSection(name(key), (JsonObject) value);
  }

  String string(String key, String defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
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
    Object value = value(key);
    if (value == null) {
      return defaultValue;
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
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean)) {
      throw invalid(key, "must be true or false");
    }
    return (Boolean) value;
  }

  List<String> strings(String key, List<String> defaultValue) {
    Object value = value(key);
    if (value == null) {
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

  /** Fails when the section holds a key that no getter asked for. */
  void rejectUnknownKeys() {
    for (String key : json.fieldNames()) {
      if (!read.contains(key)) {
        throw new IllegalArgumentException("unknown configuration key '" + name(key) + "'");
      }
    }
  }

  IllegalArgumentException invalid(String key, String expectation) {
    return new IllegalArgumentException("configuration key '" + name(key) + "' " + expectation);
  }

  private Object value(String key) {
    read.add(key);
    return json.getValue(key);
  }

  private String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
