package io.github.userservice.token;

import io.github.userservice.bus.KeyAddresses;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The keeper of the token signing keys, part of the store role: reads or makes the {@link KeyRing} file, rotates it
 * when the signing key is due (checked at start and hourly) or when an admin asks through any edge, and announces
 * every change, so that all edges sign with the same key and accept the same ones. A worker verticle: the ring is a
 * file.
 */
public final class KeyRingVerticle extends VerticleBase {

  private static final Duration ROTATION_CHECK = Duration.ofHours(1);

  private final ServiceConfig.Tokens tokens;
  private KeyRing ring;

  private KeyRingVerticle(ServiceConfig.Tokens tokens) {
    this.tokens = Objects.requireNonNull(tokens);
  }

  public static Future<String> deploy(Vertx vertx, ServiceConfig.Tokens tokens) {
    return vertx.deployVerticle(new KeyRingVerticle(tokens), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  @Override
  public Future<?> start() {
    ring = KeyRing.loadOrCreate(Path.of(tokens.keysPath()), Clock.systemUTC(), Duration.ofSeconds(tokens.ttlSeconds()));
    if (tokens.rotationDays() > 0) {
      rotateIfDue();
      vertx.setPeriodic(ROTATION_CHECK.toMillis(), tick -> rotateIfDue());
    }
    return Future.all(
      vertx.eventBus().consumer(KeyAddresses.GET, this::get).completion(),
      vertx.eventBus().consumer(KeyAddresses.ROTATE, this::rotate).completion());
  }

  private void get(Message<Object> request) {
    request.reply(new JsonObject().put("keys", new JsonArray(ring.keys().stream().map(SigningKey::toJson).toList())));
  }

  private void rotate(Message<Object> request) {
    SigningKey key = ring.rotate();
    announce();
    request.reply(new JsonObject().put("kid", key.kid()));
  }

  private void rotateIfDue() {
    if (ring.rotateIfOlderThan(Duration.ofDays(tokens.rotationDays()))) {
      announce();
    }
  }

  private void announce() {
    vertx.eventBus().publish(KeyAddresses.CHANGED, new JsonObject());
  }
}
