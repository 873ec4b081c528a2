package io.github.userservice.ops;

import io.github.userservice.bus.PasswordAddresses;
import io.github.userservice.cluster.ClusterMajority;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig.Cluster.Role;
import io.github.userservice.config.ServiceConfig.Cluster;
import io.github.userservice.token.SigningKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The readiness checks of this node, by what it runs, each named after what it would lack:
 * <ul>
 *   <li>{@code store}: a user store answers (an edge needs one);</li>
 *   <li>{@code database}: the store, this node's own when it has the store role, answered a trivial query;</li>
 *   <li>{@code hasher}: a hasher answers, this node's own when it has the hasher role;</li>
 *   <li>{@code keys}: the edge has the token signing keys from the store;</li>
 *   <li>{@code cluster}: a clustered node is joined and sees a majority of the cluster's members
 *       ({@link ClusterMajority}): cut off from the others, it is not ready, whatever it runs.</li>
 * </ul>
 * Each check has two seconds, and none waits on anything that can take longer: a ping that gets no answer in
 * {@value #PING_TIMEOUT_MS} ms is sent once more, which the event bus's round robin gives to the next node with the
 * role (an edge asks the stores once for both {@code store} and {@code database}, so that no other ping takes that
 * turn), so that one unreachable member (cut off, not yet removed) does not make healthy nodes unready, and a ping
 * that still gets no answer is excused for 5 s after the last answer (not a refusal: no consumer fails at once);
 * the cluster check reads Hazelcast's member list, which it already has. (vertx-hazelcast's {@code ClusterHealthCheck} asks
 * every member whether its partitions are safe, and blocks a worker thread for up to a minute while one is
 * unreachable; it then completes a promise that the check's own timeout has already failed: "Promise already
 * completed".)
 */
public final class Readiness {

  private static final long CHECK_TIMEOUT_MS = 2_000;
  /** Two of them fit in the check's own timeout. */
  private static final long PING_TIMEOUT_MS = 900;
  /**
   * How long a ping that got no answer, twice, still counts as answered after the last answer: the moment Hazelcast
   * removes a member, the bus looks every address up again while partitions move, and on a loaded machine that can
   * take longer than a check. A refusal (no consumer at all) is not excused.
   */
  private static final long SILENCE_EXCUSED_NS = 5_000_000_000L;

  private Readiness() {
  }

  /** @param keys the edge's signing keys; null on a node without the edge role */
  public static HealthChecks of(Vertx vertx, Cluster cluster, SigningKeys keys) {
    HealthChecks checks = HealthChecks.create(vertx);
    if (cluster.runs(Role.EDGE) && !cluster.runs(Role.STORE)) {
      // one ping of the stores answers both checks: two pinging at once would share the bus's round robin, and the
      // second try of the one whose first went to an unreachable store would go to it again (ReadinessTest)
      Supplier<Future<Message<Object>>> ping =
        new SharedPing<>(() -> ping(vertx, UserAddresses.PING, new JsonObject().put("database", true), false));
      checks.register("store", CHECK_TIMEOUT_MS, answered(() -> ping.get().recover(err -> storeAnswered(err)
        ? Future.succeededFuture() : Future.failedFuture(err))));
      checks.register("database", CHECK_TIMEOUT_MS, answered(ping));
    } else {
      if (cluster.runs(Role.EDGE)) {
        checks.register("store", CHECK_TIMEOUT_MS, answered(vertx, UserAddresses.PING, new JsonObject().put("database", false), false));
      }
      if (cluster.runs(Role.STORE)) {
        checks.register("database", CHECK_TIMEOUT_MS, answered(vertx, UserAddresses.PING, new JsonObject().put("database", true), true));
      }
    }
    if (cluster.runs(Role.EDGE)) {
      checks.register("keys", CHECK_TIMEOUT_MS, promise -> promise.complete(keys.loaded() ? Status.OK() : Status.KO()));
    }
    checks.register("hasher", CHECK_TIMEOUT_MS, answered(vertx, PasswordAddresses.PING, new JsonObject(), cluster.runs(Role.HASHER)));
    if (vertx.isClustered()) {
      ClusterMajority majority = ClusterMajority.of(vertx, cluster);
      checks.register("cluster", CHECK_TIMEOUT_MS, promise -> promise.tryComplete(majority.held() ? Status.OK()
        : Status.KO(new JsonObject().put("members", majority.members()).put("needed", majority.quorum()))));
    }
    return checks;
  }

  private static Handler<Promise<Status>> answered(Vertx vertx, String address, JsonObject ping, boolean local) {
    return answered(() -> ping(vertx, address, ping, local));
  }

  /** A ping, sent once more when it gets no answer in time: the round robin gives that one to the next node. */
  private static Future<Message<Object>> ping(Vertx vertx, String address, JsonObject ping, boolean local) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS).setLocalOnly(local);
    return vertx.eventBus().request(address, ping, options)
      .recover(err -> timedOut(err) ? vertx.eventBus().request(address, ping, options) : Future.failedFuture(err));
  }

  /** One ping for the checks that start while it is in flight; a new one once it has its outcome. */
  private static final class SharedPing<T> implements Supplier<Future<T>> {

    private final Supplier<Future<T>> ping;
    private Future<T> current = Future.succeededFuture();

    SharedPing(Supplier<Future<T>> ping) {
      this.ping = ping;
    }

    @Override
    public synchronized Future<T> get() {
      if (current.isComplete()) {
        current = ping.get();
      }
      return current;
    }
  }

  private static <T> Handler<Promise<Status>> answered(Supplier<Future<T>> ping) {
    AtomicLong lastAnswer = new AtomicLong(System.nanoTime() - SILENCE_EXCUSED_NS);
    return promise -> ping.get()
      .onSuccess(answer -> lastAnswer.set(System.nanoTime()))
      .onComplete(answer -> promise.tryComplete(answer.succeeded()
        || timedOut(answer.cause()) && System.nanoTime() - lastAnswer.get() < SILENCE_EXCUSED_NS ? Status.OK() : Status.KO()));
  }

  /** A store answered, with a failure: its database did not (or, on SQLite, it does not hold the claim). */
  private static boolean storeAnswered(Throwable err) {
    return err instanceof ReplyException && ((ReplyException) err).failureType() == ReplyFailure.RECIPIENT_FAILURE;
  }

  private static boolean timedOut(Throwable err) {
    return err instanceof ReplyException && ((ReplyException) err).failureType() == ReplyFailure.TIMEOUT;
  }
}
