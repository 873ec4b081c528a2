package io.github.userservice.ops;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.problem.Problems;
import io.github.userservice.token.SigningKeys;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The management port, when {@code management.port} is set: {@code /metrics} and the health checks over plain HTTP,
 * bound to loopback by default, for Prometheus and orchestrator probes; on any node, whatever its roles. The API port
 * then no longer serves them.
 */
public final class ManagementVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementVerticle.class);

  private final ServiceConfig config;
  private final PrometheusMeterRegistry registry;
  private final SigningKeys keys;
  private HttpServer server;

  private ManagementVerticle(ServiceConfig config, PrometheusMeterRegistry registry, SigningKeys keys) {
    this.config = Objects.requireNonNull(config);
    this.registry = Objects.requireNonNull(registry);
    this.keys = keys;
  }

  /**
   * The management server when the configuration gives it a port of its own; nothing otherwise.
   *
   * @param keys the edge's signing keys, for its readiness; null on a node without the edge role
   */
  public static Future<?> deployIfSeparate(Vertx vertx, ServiceConfig config, PrometheusMeterRegistry registry, SigningKeys keys) {
    if (!config.management().separatePort()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new ManagementVerticle(config, registry, keys))
      .onSuccess(id -> LOG.info("management (/metrics, /health) on http://{}:{}", config.management().host(), config.management().port()));
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    new OperationsRoutes(Readiness.of(vertx, config.cluster(), keys), new ServiceMetrics(registry)).mount(router);
    router.route().failureHandler(ctx -> Problems.from(ctx, config.http().bodyLimitBytes()).send(ctx.request()));
    router.errorHandler(404, ctx -> Problems.notFound().send(ctx.request()));
    return vertx.createHttpServer()
      .requestHandler(router)
      .listen(config.management().port(), config.management().host())
      .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
  }
}
