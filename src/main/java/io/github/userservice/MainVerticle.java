package io.github.userservice;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.http.ApiDocs;
import io.github.userservice.http.HttpVerticle;
import io.github.userservice.http.KnownUsers;
import io.github.userservice.password.PasswordHasher;
import io.github.userservice.store.UserDatabase;
import io.github.userservice.store.UserStoreVerticle;
import io.github.userservice.tls.ServerCertificate;
import io.github.userservice.bus.HashAdmission;
import io.github.userservice.http.LoginThrottle;
import io.github.userservice.http.ManagementVerticle;
import io.github.userservice.http.ServiceMetrics;
import io.github.userservice.http.SharedServices;
import io.github.userservice.token.KeyRing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Reads the configuration and starts the service: the database file with its schema, then the user store (worker
 * verticle) with its consumers registered; beside them the process-wide services (throttle, hash admission, meters,
 * token signing keys) and the server certificate; then the HTTPS verticle.
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
    PasswordHasher hasher = new PasswordHasher(config.argon2(), config.worker().instances(), registry);
    // the steps that do not need each other run side by side: start-up is mostly waiting on files and class loading
    Future<String> store = UserDatabase.prepare(vertx, Path.of(config.db().path()))
      .compose(schema -> vertx.deployVerticle(() -> new UserStoreVerticle(config, hasher), storeOptions(config.worker())));
    Future<SharedServices> shared = vertx.executeBlocking(() -> sharedServices(config));
    Future<ServerCertificate> certificate = vertx.executeBlocking(() -> ServerCertificate.load(config.tls()));
    return Future.all(store, shared, certificate)
      .compose(ready -> vertx.deployVerticle(() -> new HttpVerticle(config, certificate.result(), shared.result()), httpOptions(config.http())))
      .compose(http -> deployManagement(config, shared.result()))
      .onSuccess(started -> {
        scheduleKeyRotation(config.tokens(), shared.result().keys());
        LOG.info("user-service listening on https://{}:{} (TLS certificate SHA-256 {})",
          config.http().host(), config.http().port(), certificate.result().sha256Fingerprint());
      });
  }

  /** Blocking: reads or makes the token signing keys (rotating them when due), and reads the API documentation. */
  private SharedServices sharedServices(ServiceConfig config) {
    KeyRing keys = KeyRing.loadOrCreate(Path.of(config.tokens().keysPath()), Clock.systemUTC(),
      Duration.ofSeconds(config.tokens().ttlSeconds()));
    if (config.tokens().rotationDays() > 0) {
      keys.rotateIfOlderThan(Duration.ofDays(config.tokens().rotationDays()));
    }
    HashAdmission admission = new HashAdmission(config.worker().maxPendingHashes());
    Gauge.builder("hashes.pending", admission, HashAdmission::pending)
      .description("Password hashes admitted and not yet answered: computing or queued").register(registry);
    return new SharedServices(new LoginThrottle(config.throttle(), Clock.systemUTC()), admission, new ServiceMetrics(registry), keys,
      new KnownUsers(Duration.ofSeconds(30), 100_000), ApiDocs.load());
  }

  /** The management port, when one is configured: /metrics and health over plain HTTP, on loopback by default. */
  private Future<?> deployManagement(ServiceConfig config, SharedServices shared) {
    if (!config.management().separatePort()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(() -> new ManagementVerticle(config, shared), new DeploymentOptions())
      .onSuccess(id -> LOG.info("management (/metrics, /health) on http://{}:{}", config.management().host(), config.management().port()));
  }

  /** Checks hourly whether the signing key is due for rotation: a long-running service rotates without a restart. */
  private void scheduleKeyRotation(ServiceConfig.Tokens tokens, KeyRing keys) {
    if (tokens.rotationDays() > 0) {
      Duration maxAge = Duration.ofDays(tokens.rotationDays());
      vertx.setPeriodic(Duration.ofHours(1).toMillis(), tick -> vertx.executeBlocking(() -> keys.rotateIfOlderThan(maxAge)));
    }
  }

  /** Runs after the HTTP and store verticles stopped: requests in flight are answered, the database is closed. */
  @Override
  public Future<?> stop() {
    LOG.info("user-service stopped");
    return Future.succeededFuture();
  }

  private static DeploymentOptions storeOptions(ServiceConfig.Worker worker) {
    return new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("user-store")
      .setWorkerPoolSize(worker.instances())
      .setInstances(worker.instances());
  }

  private static DeploymentOptions httpOptions(ServiceConfig.Http http) {
    return new DeploymentOptions().setInstances(http.instances());
  }
}
