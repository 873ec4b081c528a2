package io.github.userservice.command;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code config [-conf FILE] [KEY...]}: the effective configuration as the service would run on it (the file, the
 * {@code USER_SERVICE_*} variables over it, the defaults), checked as a start checks it. With keys, the value of each,
 * one per line, for scripts that must agree with the service ({@code ./run.sh nginx}: the certificate nginx trusts,
 * the body limit it enforces); without, the whole configuration as JSON. It holds no secret to hide: passwords and
 * keys live in the files it names (a {@code db.url} with a password in it is refused), never in it.
 */
final class ConfigCommand implements Command {

  private static final String USAGE = "usage: java -jar user-service.jar config [-conf FILE] [KEY...]";

  @Override
  public int run(List<String> args) {
    List<String> keys = EffectiveConfig.otherArguments(args);
    if (keys.stream().anyMatch(key -> key.startsWith("-"))) {
      return Commands.wrongArguments(USAGE);
    }
    try {
      JsonObject effective = EffectiveConfig.read(args);
      if (keys.isEmpty()) {
        System.out.println(effective.encodePrettily());
        return Commands.DONE;
      }
      StringBuilder values = new StringBuilder();
      for (String key : keys) {
        values.append(value(effective, key)).append('\n');
      }
      // all or nothing: a script reading the values line by line never gets some of them
      System.out.print(values);
      return Commands.DONE;
    } catch (IllegalArgumentException e) {
      return Commands.wrongArguments("Cannot read the configuration: " + e.getMessage());
    }
  }

  private static Object value(JsonObject effective, String key) {
    JsonObject section = effective;
    String[] path = key.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      Object inner = section.getValue(path[i]);
      section = inner instanceof JsonObject ? (JsonObject) inner : new JsonObject();
    }
    Object value = section.getValue(path[path.length - 1]);
    if (value == null || value instanceof JsonObject) {
      throw new IllegalArgumentException("'" + key + "' is not a configuration key with a value");
    }
    return value;
  }
}
