package io.github.userservice;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.http.HttpVerticle;
import io.github.userservice.password.PasswordHasher;
import io.github.userservice.store.UserDatabase;
import io.github.userservice.store.UserStoreVerticle;
import io.github.userservice.tls.ServerCertificate;
import io.github.userservice.bus.HashAdmission;
import io.github.userservice.http.LoginThrottle;
import io.github.userservice.http.ServiceMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Reads the configuration and starts the service in order: the database file with its schema, the user store
 * (worker verticle) with its consumers registered, the server certificate, then the HTTPS verticle. Nothing else.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final MeterRegistry registry;

  public MainVerticle() {
    this(new SimpleMeterRegistry());
  }

  /** @param registry receives the service's own meters (hash timings, login and registration outcomes) */
  public MainVerticle(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.fromJson(config());
    PasswordHasher hasher = new PasswordHasher(config.argon2(), registry);
    // shared by every HTTP instance, so that the limits hold for the whole process
    LoginThrottle throttle = new LoginThrottle(config.throttle(), Clock.systemUTC());
    HashAdmission admission = new HashAdmission(config.worker().maxPendingHashes());
    Gauge.builder("hashes.pending", admission, HashAdmission::pending)
      .description("Password hashes admitted and not yet answered: computing or queued").register(registry);
    ServiceMetrics metrics = new ServiceMetrics(registry);
    return UserDatabase.prepare(vertx, Path.of(config.db().path()))
      .compose(schema -> vertx.deployVerticle(() -> new UserStoreVerticle(config, hasher), storeOptions(config.worker())))
      .compose(store -> vertx.executeBlocking(() -> ServerCertificate.load(config.tls())))
      .compose(certificate -> vertx.deployVerticle(() -> new HttpVerticle(config, certificate, throttle, admission, metrics),
          httpOptions(config.http()))
        .onSuccess(http -> LOG.info("user-service listening on https://{}:{} (TLS certificate SHA-256 {})",
          config.http().host(), config.http().port(), certificate.sha256Fingerprint())));
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
