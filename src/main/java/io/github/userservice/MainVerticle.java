package io.github.userservice;

import io.github.userservice.config.ServiceConfig.Cluster.Role;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.http.EdgeServices;
import io.github.userservice.http.HttpVerticle;
import io.github.userservice.keyring.KeyRingStorage;
import io.github.userservice.keyring.KeyRingVerticle;
import io.github.userservice.mail.MailVerticle;
import io.github.userservice.ops.IdleHeap;
import io.github.userservice.ops.ManagementVerticle;
import io.github.userservice.password.HasherVerticle;
import io.github.userservice.session.SessionStoreVerticle;
import io.github.userservice.store.Dialect;
import io.github.userservice.store.UserStoreVerticle;
import io.github.userservice.token.SigningKeys;
import io.github.userservice.webhook.WebhookVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The table of contents of a node: the roles it runs, in the order they need each other. The hashers (Argon2id on
 * worker threads), then the user store (the database, the login throttle and the token signing keys) that asks them, then
 * the edge (the HTTPS API) that asks the store; management on any node that has a port for it. A node alone runs all
 * three and talks to itself over its own event bus; clustered nodes run some each and talk over the cluster's.
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
    IdleHeap.returnWhenIdle();
    ServiceConfig.Cluster roles = config.cluster();
    if (!vertx.isClustered() && roles.roles().size() < Role.values().length) {
      return Future.failedFuture(new IllegalArgumentException(
        "configuration key 'cluster.roles' names " + roles.roles() + ": a node that is not started with -cluster must run all three"));
    }
    Future<?> hashers = roles.runs(Role.HASHER) ? HasherVerticle.deploy(vertx, config, registry) : Future.succeededFuture();
    Future<?> store = roles.runs(Role.STORE) ? store(config) : Future.succeededFuture();
    Future<?> edge = roles.runs(Role.EDGE) ? edge(config, store) : ManagementVerticle.deployIfSeparate(vertx, config, registry, null);
    return Future.all(hashers, store, edge)
      .onSuccess(started -> LOG.info("user-service node started: {}{}", roles.roles(), vertx.isClustered() ? ", clustered" : ""));
  }

  /**
   * The users and their audit trail, and beside them, on the same database, their sessions and second factors, the
   * token signing keys, whose keeper the edges ask, the webhook deliveries of the trail's events, and the account mail.
   */
  private Future<?> store(ServiceConfig config) {
    Dialect database = Dialect.of(config.db());
    return UserStoreVerticle.deploy(vertx, config, database)
      .compose(users -> SessionStoreVerticle.deploy(vertx, config, database))
      .compose(sessions -> KeyRingVerticle.deploy(vertx, config.tokens(),
        KeyRingStorage.of(config.tokens(), database.sharedStatePool(vertx), Clock.systemUTC())))
      .compose(keys -> WebhookVerticle.deployIfConfigured(vertx, config, database, registry))
      .compose(webhooks -> MailVerticle.deployIfConfigured(vertx, config.mail(), database, registry));
  }

  /**
   * The HTTPS API and its management port, built while the store opens; ready once the signing keys came from the
   * store, this node's own when it has one: after it started.
   */
  private Future<?> edge(ServiceConfig config, Future<?> localStore) {
    SigningKeys keys = SigningKeys.of(vertx);
    Future<?> keysLoaded = localStore.compose(started -> keys.load());
    Future<?> serving = EdgeServices.prepare(vertx, config, registry, keys)
      .compose(edge -> HttpVerticle.deploy(vertx, config, edge)
        .compose(api -> ManagementVerticle.deployIfSeparate(vertx, config, registry, edge.keys()))
        .onSuccess(started -> LOG.info("user-service listening on https://{}:{} (TLS certificate SHA-256 {})",
          config.http().host(), config.http().port(), edge.certificate().sha256Fingerprint())));
    return Future.all(serving, keysLoaded);
  }

  /** Runs after every verticle it deployed stopped: requests in flight are answered, the database is closed. */
  @Override
  public Future<?> stop() {
    LOG.info("user-service stopped");
    return Future.succeededFuture();
  }
}
