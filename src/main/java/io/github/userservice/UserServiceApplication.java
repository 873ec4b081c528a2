package io.github.userservice;

import io.github.userservice.config.ConfigFile;
import io.github.userservice.config.ConfigOverrides;
import io.github.userservice.config.Logging;
import io.github.userservice.config.ServiceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * {@code java -jar user-service.jar [-conf FILE]}: the Vert.x launcher (SIGTERM closes Vert.x, which undeploys
 * gracefully) with three additions: the configuration is read strictly, with the {@code USER_SERVICE_*} environment
 * variables over it, and checked before Vert.x starts, so a mistake stops start-up with one clear line; the log
 * format is switched if asked; and Vert.x records its metrics
 * (HTTP server, event bus, pools, JVM) into the Prometheus registry that {@code /metrics} shows.
 */
public final class UserServiceApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger LOG = LoggerFactory.getLogger(UserServiceApplication.class);

  private final String[] args;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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
      JsonObject config = ServiceConfig.effective(ConfigFile.read(args), ConfigOverrides.from(System.getenv()));
      Logging.apply(ServiceConfig.fromJson(config).log());
      return config;
    } catch (IllegalArgumentException e) {
      LOG.error("Cannot start: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    // route templates (/user/:login), not paths, label HTTP metrics: their number stays small
    options.setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .addLabels(Label.HTTP_ROUTE));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new MainVerticle(registry);
  }
}
