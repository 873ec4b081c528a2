package io.github.userservice;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.http.EdgeServices;
import io.github.userservice.http.HttpVerticle;
import io.github.userservice.ops.ManagementVerticle;
import io.github.userservice.password.HasherVerticle;
import io.github.userservice.store.UserStoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service in one process: the hashers (Argon2id on worker threads), the user store (SQLite) that asks them, and
 * the edge (the HTTPS API and management) that asks the store, all over the event bus. What needs files or keys is
 * prepared side by side; the API opens once the store and the hashers answer.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final PrometheusMeterRegistry registry;

  public MainVerticle() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * @param registry receives the service's own meters (hash timings, login and registration outcomes) beside the
   *                 ones Vert.x records into it, and is what {@code /metrics} shows
   */
  public MainVerticle(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.fromJson(config());
    Future<String> hashers = HasherVerticle.deploy(vertx, config, registry);
    Future<String> store = UserStoreVerticle.deploy(vertx, config);
    Future<EdgeServices> edge = EdgeServices.prepare(vertx, config, registry);
    return Future.all(hashers, store, edge)
      .compose(ready -> HttpVerticle.deploy(vertx, config, edge.result()))
      .compose(api -> ManagementVerticle.deployIfSeparate(vertx, config, edge.result().metrics()))
      .onSuccess(started -> LOG.info("user-service listening on https://{}:{} (TLS certificate SHA-256 {})",
        config.http().host(), config.http().port(), edge.result().certificate().sha256Fingerprint()));
  }

  /** Runs after every verticle it deployed stopped: requests in flight are answered, the database is closed. */
  @Override
  public Future<?> stop() {
    LOG.info("user-service stopped");
    return Future.succeededFuture();
  }
}
