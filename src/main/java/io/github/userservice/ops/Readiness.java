package io.github.userservice.ops;

import io.github.userservice.bus.PasswordAddresses;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig.Cluster.Role;
import io.github.userservice.config.ServiceConfig.Cluster;
import io.github.userservice.token.SigningKeys;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

import java.util.function.Function;

/**
 * The readiness checks of this node, by what it runs, each named after what it would lack:
 * <ul>
 *   <li>{@code store}: a user store answers (an edge needs one);</li>
 *   <li>{@code database}: the store, this node's own when it has the store role, answered a trivial query;</li>
 *   <li>{@code hasher}: a hasher answers, this node's own when it has the hasher role; its data names the hasher's
 *       Argon2id {@code engine} ({@code native} or {@code java});</li>
 *   <li>{@code keys}: the edge has the token signing keys from the store;</li>
 *   <li>{@code cluster}: a clustered node is joined and its Hazelcast partitions are safe.</li>
 * </ul>
 * Each check has two seconds.
 */
public final class Readiness {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private Readiness() {
  }

  /** @param keys the edge's signing keys; null on a node without the edge role */
  public static HealthChecks of(Vertx vertx, Cluster cluster, SigningKeys keys) {
    HealthChecks checks = HealthChecks.create(vertx);
    if (cluster.runs(Role.EDGE)) {
      checks.register("store", CHECK_TIMEOUT_MS, answered(vertx, UserAddresses.PING, new JsonObject().put("database", false), false));
      checks.register("keys", CHECK_TIMEOUT_MS, promise -> promise.complete(keys.loaded() ? Status.OK() : Status.KO()));
    }
    if (cluster.runs(Role.EDGE) || cluster.runs(Role.STORE)) {
      checks.register("database", CHECK_TIMEOUT_MS,
        answered(vertx, UserAddresses.PING, new JsonObject().put("database", true), cluster.runs(Role.STORE)));
    }
    checks.register("hasher", CHECK_TIMEOUT_MS, answered(vertx, PasswordAddresses.PING, new JsonObject(), cluster.runs(Role.HASHER),
      Readiness::engine));
    if (vertx.isClustered()) {
      checks.register("cluster", CHECK_TIMEOUT_MS, ClusterHealthCheck.createProcedure(vertx));
    }
    return checks;
  }

  private static Handler<Promise<Status>> answered(Vertx vertx, String address, JsonObject ping, boolean local) {
    return answered(vertx, address, ping, local, reply -> null);
  }

  /** @param details what of the reply the check shows as its data; null for nothing */
  private static Handler<Promise<Status>> answered(Vertx vertx, String address, JsonObject ping, boolean local,
                                                   Function<Object, JsonObject> details) {
    // a little shorter than the check's own timeout, so that the check says KO rather than timing out itself
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MS - 500).setLocalOnly(local);
    return promise -> vertx.eventBus().request(address, ping, options)
      .onComplete(answer -> promise.tryComplete(answer.succeeded() ? ok(details.apply(answer.result().body())) : Status.KO()));
  }

  private static Status ok(JsonObject data) {
    return data == null ? Status.OK() : Status.OK(data);
  }

  /** The hasher's Argon2id engine, as its ping names it: {@code {"engine": "native"}}. */
  private static JsonObject engine(Object reply) {
    return reply instanceof JsonObject && ((JsonObject) reply).containsKey("engine")
      ? new JsonObject().put("engine", ((JsonObject) reply).getString("engine"))
      : null;
  }
}
