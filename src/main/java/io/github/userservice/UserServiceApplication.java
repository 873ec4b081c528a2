package io.github.userservice;

import io.github.userservice.cluster.ClusterSetup;
import io.github.userservice.command.Commands;
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
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * {@code java -jar user-service.jar [-conf FILE] [-cluster]}: the Vert.x launcher (SIGTERM closes Vert.x, which
 * undeploys gracefully) with these additions: the configuration is read strictly, with the {@code USER_SERVICE_*}
 * environment variables over it, and checked before Vert.x starts, so a mistake stops start-up with one clear line;
 * the log format is switched if asked; Vert.x records its metrics (HTTP server, event bus, pools, JVM) into the
 * Prometheus registry that {@code /metrics} shows; and with the launcher's own {@code -cluster} the node joins the
 * cluster the configuration describes, over Hazelcast, with mutual TLS on the event bus ({@link ClusterSetup}).
 * A first argument that names a subcommand ({@code certs}, {@code cluster-certs}, {@code config}, {@code train}) runs
 * that instead ({@link Commands}).
 */
public final class UserServiceApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger LOG = LoggerFactory.getLogger(UserServiceApplication.class);
  private static final List<String> CLUSTER_FLAGS = List.of("-cluster", "--cluster", "-c");
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  private final String[] args;
  private final Map<String, String> environment;
  private final boolean clustered;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ServiceConfig config;
  private volatile Vertx vertx;

  private UserServiceApplication(String[] args, Map<String, String> environment) {
    super(args);
    this.args = args.clone();
    this.environment = Map.copyOf(environment);
    // the launcher reads the flag too, but tells the hooks nothing of it
    this.clustered = List.of(args).stream().anyMatch(CLUSTER_FLAGS::contains);
  }

  public static void main(String[] args) {
    // Netty registers its JFR event types as it starts (about 0.1 s of a 2 s start on 2 cores), for recordings that
    // nobody makes of Netty's buffers; -Dio.netty.jfr.enabled=true brings them back
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    OptionalInt command = Commands.run(args, UserServiceApplication::start);
    if (command.isPresent()) {
      System.exit(command.getAsInt());
    }
    new UserServiceApplication(args, System.getenv()).launch();
  }

  /** The service started in this JVM, as {@link #main} starts it, reading its overrides from {@code environment}. */
  private static Vertx start(String[] args, Map<String, String> environment) {
    UserServiceApplication application = new UserServiceApplication(args, environment);
    application.launch();
    return application.vertx;
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject launcherConfig) {
    try {
      JsonObject effective = ServiceConfig.effective(ConfigFile.read(args), ConfigOverrides.from(environment));
      config = ServiceConfig.fromJson(effective);
      Logging.apply(config.log());
      if (clustered) {
        ClusterSetup.requireBusTls(config.cluster());
      }
      return effective;
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
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
    if (!clustered) {
      return builder;
    }
    ClusterSetup.eventBus(options.getEventBusOptions(), config.cluster());
    return builder.withClusterManager(ClusterSetup.clusterManager(config.cluster()));
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new MainVerticle(registry);
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    vertx = context.vertx();
  }
}
