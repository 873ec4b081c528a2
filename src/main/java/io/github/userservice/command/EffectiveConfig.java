package io.github.userservice.command;

import io.github.userservice.config.ConfigFile;
import io.github.userservice.config.ConfigOverrides;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The configuration a start with these arguments would run on, read as the service reads it: for the commands. */
final class EffectiveConfig {

  private EffectiveConfig() {
  }

  /**
   * The file named by {@code -conf} among {@code args} (else {@code conf/config.json}), the {@code USER_SERVICE_*}
   * variables over it, and the defaults, every value checked.
   *
   * @throws IllegalArgumentException naming the file, key or variable that is wrong
   */
  static JsonObject read(List<String> args) {
    return ServiceConfig.effective(ConfigFile.read(args.toArray(String[]::new)), ConfigOverrides.from(System.getenv()));
  }

  /** The arguments other than {@code -conf FILE}. */
  static List<String> otherArguments(List<String> args) {
    return ConfigFile.otherArguments(args.toArray(String[]::new));
  }
}
