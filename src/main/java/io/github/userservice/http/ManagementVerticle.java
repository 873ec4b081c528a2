package io.github.userservice.http;

import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The management port, when {@code management.port} is set: {@code /metrics} and the health checks over plain HTTP,
 * bound to loopback by default, for Prometheus and orchestrator probes. The API port then no longer serves them.
 */
public final class ManagementVerticle extends VerticleBase {

  private final ServiceConfig config;
  private final SharedServices shared;
  private HttpServer server;

  public ManagementVerticle(ServiceConfig config, SharedServices shared) {
    this.config = Objects.requireNonNull(config);
    this.shared = Objects.requireNonNull(shared);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    new OperationsRoutes(vertx, new UserStoreClient(vertx, config.worker().sendTimeoutMs(), shared.admission()), shared.metrics())
      .mount(router);
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
