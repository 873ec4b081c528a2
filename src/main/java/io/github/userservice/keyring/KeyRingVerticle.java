package io.github.userservice.keyring;

import io.github.userservice.bus.AuditAddresses;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.KeyAddresses;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A keeper of the token signing keys, part of the store role: answers the edges with the {@link KeyRing} as stored,
 * rotates it when the signing key is due (checked at start and hourly) or when an admin asks through any edge, and
 * announces every change, so that all edges sign with the same key and accept the same ones. Every store node runs
 * one; they share the ring through its {@link KeyRingStorage}. A worker verticle: the ring may be a file.
 */
public final class KeyRingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRingVerticle.class);
  private static final Duration ROTATION_CHECK = Duration.ofHours(1);

  private final ServiceConfig.Tokens tokens;
  private final KeyRingStorage storage;
  private final Clock clock = Clock.systemUTC();

  private KeyRingVerticle(ServiceConfig.Tokens tokens, KeyRingStorage storage) {
    this.tokens = Objects.requireNonNull(tokens);
    this.storage = Objects.requireNonNull(storage);
  }

  public static Future<String> deploy(Vertx vertx, ServiceConfig.Tokens tokens, KeyRingStorage storage) {
    return vertx.deployVerticle(new KeyRingVerticle(tokens, storage), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  @Override
  public Future<?> start() {
    if (tokens.rotationDays() > 0) {
      vertx.setPeriodic(ROTATION_CHECK.toMillis(), tick -> rotateIfDue()
        .onFailure(err -> LOG.warn("could not check whether the token signing key is due for rotation", err)));
    }
    return storage.load()
      .compose(ring -> tokens.rotationDays() > 0 ? rotateIfDue() : Future.succeededFuture())
      .compose(ready -> Future.all(
        vertx.eventBus().consumer(KeyAddresses.GET, this::get).completion(),
        vertx.eventBus().consumer(KeyAddresses.ROTATE, this::rotate).completion()));
  }

  private void get(Message<Object> request) {
    storage.load().onSuccess(ring -> request.reply(ring.toJson())).onFailure(err -> failed(request, err));
  }

  private void rotate(Message<Object> request) {
    storage.update(ring -> ring.rotated(clock.instant(), retention()))
      .onSuccess(ring -> {
        LOG.info("rotated the token signing key: kid {} signs now, {} older key(s) still verify", ring.current().kid(), ring.keys().size() - 1);
        announce();
      })
      .compose(ring -> recorded(ring, RequestOrigin.from(request.headers())))
      .onSuccess(ring -> request.reply(new JsonObject().put("kid", ring.current().kid())))
      .onFailure(err -> failed(request, err));
  }

  /** The rotation in the audit trail, which the user store keeps; a trail that cannot be written is logged, not fatal. */
  private Future<KeyRing> recorded(KeyRing ring, RequestOrigin origin) {
    AuditEvent event = AuditEvent.of(AuditType.KEY_ROTATED, null, origin).withDetail(ring.current().kid());
    return vertx.eventBus().request(AuditAddresses.RECORD, new JsonObject().put("event", event.toJson()))
      .recover(err -> {
        LOG.warn("could not record the key rotation in the audit trail: {}", err.getMessage());
        return Future.succeededFuture();
      })
      .map(ring);
  }

  /** As one step of the storage, so that keepers checking at the same moment rotate once. */
  private Future<Void> rotateIfDue() {
    Duration maxAge = Duration.ofDays(tokens.rotationDays());
    AtomicBoolean rotated = new AtomicBoolean();
    return storage.update(ring -> {
        if (!ring.dueForRotation(maxAge, clock.instant())) {
          return ring;
        }
        rotated.set(true);
        return ring.rotated(clock.instant(), retention());
      })
      .compose(ring -> {
        if (!rotated.get()) {
          return Future.succeededFuture();
        }
        LOG.info("rotated the token signing key after {} days: kid {} signs now", tokens.rotationDays(), ring.current().kid());
        announce();
        return recorded(ring, RequestOrigin.SERVICE).mapEmpty();
      });
  }

  private Duration retention() {
    return Duration.ofSeconds(tokens.ttlSeconds());
  }

  private void announce() {
    vertx.eventBus().publish(KeyAddresses.CHANGED, new JsonObject());
  }

  private static void failed(Message<Object> request, Throwable err) {
    // the cause stays in this log: it may name files or the database
    LOG.error("the token key ring could not be read or changed", err);
    request.fail(BusFailure.STORAGE_ERROR.code(), BusFailure.STORAGE_ERROR.message());
  }
}
