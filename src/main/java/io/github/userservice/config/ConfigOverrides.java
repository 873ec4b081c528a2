package io.github.userservice.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Per-run overrides of configuration keys from environment variables, for containers, init systems and per-node
 * settings: {@code http.port} is {@code USER_SERVICE_HTTP_PORT}, {@code http.bodyLimitBytes} is
 * {@code USER_SERVICE_HTTP_BODY_LIMIT_BYTES} (the key's path, dots and camel-case humps as underscores, upper case).
 * A value is read as the key's type: numbers and {@code true}/{@code false} as such, lists as a JSON array or
 * comma-separated items. A variable with the prefix that names no key stops start-up, like an unknown key in the file.
 */
public final class ConfigOverrides {

  static final String PREFIX = "USER_SERVICE_";
  private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private final Map<String, String> variables = new TreeMap<>();
  private final TreeSet<String> unused = new TreeSet<>();

  private ConfigOverrides(Map<String, String> environment) {
    environment.forEach((name, value) -> {
      if (name.startsWith(PREFIX)) {
        variables.put(name, value);
        unused.add(name);
      }
    });
  }

  /** The {@code USER_SERVICE_*} variables of this environment. */
  public static ConfigOverrides from(Map<String, String> environment) {
    return new ConfigOverrides(environment);
  }

  static ConfigOverrides none() {
    return new ConfigOverrides(Map.of());
  }

  /** {@code http.bodyLimitBytes} → {@code USER_SERVICE_HTTP_BODY_LIMIT_BYTES}. */
  static String variable(String key) {
    return PREFIX + HUMP.matcher(key).replaceAll("$1_$2").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }

  /** The override of a key, if its variable is set; marks the variable as used. */
  Optional<String> take(String key) {
    String name = variable(key);
    unused.remove(name);
    return Optional.ofNullable(variables.get(name));
  }

  /** The variable that set this key, for error messages. */
  Optional<String> variableFor(String key) {
    String name = variable(key);
    return variables.containsKey(name) ? Optional.of(name) : Optional.empty();
  }

  /** Fails on a variable that named no key the configuration read. */
  void rejectUnknownVariables() {
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("environment variable " + unused.first() + " names no configuration key");
    }
  }
}
