package io.github.userservice.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the effective value of configuration keys, one per line, exactly as the service will read them: the file
 * named by {@code -conf} (or {@code conf/config.json}), then the {@code USER_SERVICE_*} variables, then the
 * defaults. For scripts that must agree with the service, such as {@code ./run.sh nginx} on the certificate nginx
 * trusts and the body limit it enforces:
 * {@code java -cp target/user-service.jar io.github.userservice.config.ConfigValues [-conf FILE] tls.certPath http.bodyLimitBytes}
 */
public final class ConfigValues {

  private ConfigValues() {
  }

  public static void main(String[] args) {
    try {
      JsonObject effective = ServiceConfig.effective(ConfigFile.read(args), ConfigOverrides.from(System.getenv()));
      for (String key : keys(args)) {
        System.out.println(value(effective, key));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("Cannot read the configuration: " + e.getMessage());
      System.exit(2);
    }
  }

  private static Object value(JsonObject effective, String key) {
    JsonObject section = effective;
    String[] path = key.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      section = section.getJsonObject(path[i], new JsonObject());
    }
    Object value = section.getValue(path[path.length - 1]);
    if (value == null || value instanceof JsonObject) {
      throw new IllegalArgumentException("'" + key + "' is not a configuration key with a value");
    }
    return value;
  }

  /** The arguments that are not {@code -conf} and its value. */
  private static List<String> keys(String[] args) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equalsIgnoreCase("-conf") || args[i].equalsIgnoreCase("--conf")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        keys.add(args[i]);
      }
    }
    return keys;
  }
}
