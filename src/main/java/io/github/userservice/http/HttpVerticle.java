package io.github.userservice.http;

import io.github.userservice.bus.SessionAddresses;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.tls.ServerTls;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS server on an event loop, serving the {@link ApiRouter}. It never blocks and never hashes: every question
 * about users goes to the user store over the event bus.
 */
public final class HttpVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 20;
  private static final int IDLE_TIMEOUT_SECONDS = 30;

  private final ServiceConfig config;
  private final EdgeServices services;
  private HttpServer server;

  HttpVerticle(ServiceConfig config, EdgeServices services) {
    this.config = Objects.requireNonNull(config);
    this.services = Objects.requireNonNull(services);
  }

  /** {@code http.instances} event loops serving the one port (Vert.x spreads the connections over them). */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config, EdgeServices services) {
    return vertx.deployVerticle(() -> new HttpVerticle(config, services), new DeploymentOptions().setInstances(config.http().instances()));
  }

  @Override
  public Future<?> start() {
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(UserAddresses.CHANGED, changed -> services.knownUsers().forget(changed.body().getString("login")))
          .completion(),
        vertx.eventBus().<JsonObject>consumer(SessionAddresses.ENDED, ended -> services.knownSessions().forget(ended.body().getString("sessionId")))
          .completion())
      .compose(subscribed -> vertx.createHttpServer(ServerTls.options(services.certificate(), config.tls().engine())
          .setHost(config.http().host())
          .setPort(config.http().port())
          .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
          .setIdleTimeoutUnit(TimeUnit.SECONDS))
        .invalidRequestHandler(new InvalidRequests())
        .requestHandler(ApiRouter.create(vertx, config, services))
        .listen())
      .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets requests in flight finish (SIGTERM ends here). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
