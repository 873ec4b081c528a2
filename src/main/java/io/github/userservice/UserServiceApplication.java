package io.github.userservice;

import io.github.userservice.config.ConfigFile;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * {@code java -jar user-service.jar [-conf FILE]}: the Vert.x launcher (SIGTERM closes Vert.x, which undeploys
 * gracefully) with one change: the configuration is read strictly and checked before Vert.x starts, so a
 * mistake stops start-up with one clear line instead of a silent fallback to defaults.
 */
public final class UserServiceApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger LOG = LoggerFactory.getLogger(UserServiceApplication.class);

  private final String[] args;

  private UserServiceApplication(String[] args) {
    super(args);
    this.args = args.clone();
  }

  public static void main(String[] args) {
    new UserServiceApplication(args).launch();
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject launcherConfig) {
    try {
      JsonObject config = ConfigFile.read(args);
      ServiceConfig.fromJson(config);
      return config;
    } catch (IllegalArgumentException e) {
      LOG.error("Cannot start: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return MainVerticle::new;
  }
}
