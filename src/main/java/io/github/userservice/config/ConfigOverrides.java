package io.github.userservice.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Per-run overrides of configuration keys from environment variables, for containers, init systems and per-node
 * settings: {@code http.port} is {@code USER_SERVICE_HTTP_PORT}, {@code http.bodyLimitBytes} is
 * {@code USER_SERVICE_HTTP_BODY_LIMIT_BYTES}, {@code argon2.memoryKiB} is {@code USER_SERVICE_ARGON2_MEMORY_KIB} (the key's
 * path in upper case, with underscores for the dots and before each capitalized word).
 * A value is read as the key's type: numbers and {@code true}/{@code false} as such, lists as a JSON array or
 * comma-separated items. A variable with the prefix that names no key stops start-up, like an unknown key in the file.
 */
public final class ConfigOverrides {

  static final String PREFIX = "USER_SERVICE_";
  // a hump starts a word when a capital follows a small letter and precedes one: bodyLimitBytes, but memoryKiB as one
  private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])(?=[a-z])");

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
    return PREFIX + HUMP.matcher(key).replaceAll("$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
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
