package io.github.userservice.store;

import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.account.PasswordStrength;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.HasherClient;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.HashPolicy;
import io.github.userservice.security.LoginThrottle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The user store: a worker verticle that owns the SQLite database and answers the {@link UserAddresses} over the
 * event bus with {@link UserStore}, asking the hashers for every hash and verification. JDBC and zxcvbn block, which
 * is why this runs on worker threads. Each instance has its own connection; SQLite in WAL mode lets them read at once
 * and makes writers take turns.
 *
 * <p>On undeploy it waits for the operations it has started, so a graceful shutdown does not cut a registration
 * between its hash and its insert.
 */
public final class UserStoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UserStoreVerticle.class);
  private static final long DRAIN_TIMEOUT_SECONDS = 30;

  /** How much longer than the hashers' queue budget one hash request may take before it is sent to another hasher. */
  private static final long HASH_ALLOWANCE_MS = 3_000;
  /** Held by the one store node of a cluster on SQLite for its whole life; Hazelcast frees it when that node is gone. */
  private static final String SQLITE_OWNER_LOCK = "user-service.sqlite-store";
  /** Longer than Hazelcast takes to remove a dead member, so a store restarted after a crash gets the lock back. */
  private static final long SQLITE_OWNER_WAIT_MS = 15_000;

  private final ServiceConfig config;
  private final HashPolicy hashes;
  private final LoginThrottle throttle;
  private UserStore store;
  private int inFlight;
  private Promise<Void> drained;

  /**
   * @param hashes   shared by all instances, so that they verify unknown logins against the same dummy hash
   * @param throttle shared by all instances: the counts of failed logins hold for the whole store
   */
  private UserStoreVerticle(ServiceConfig config, HashPolicy hashes, LoginThrottle throttle) {
    this.config = Objects.requireNonNull(config);
    this.hashes = Objects.requireNonNull(hashes);
    this.throttle = Objects.requireNonNull(throttle);
  }

  /**
   * The database file, made ready once (created, WAL, schema migrated), then {@code worker.instances} store
   * instances on a worker pool of their own, each with its consumers registered. In a cluster, first the claim to be
   * its one SQLite store: a second store node would have a database of its own, and users would be split between them.
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config) {
    HashPolicy hashes = new HashPolicy(config.argon2());
    LoginThrottle throttle = new LoginThrottle(config.throttle(), Clock.systemUTC());
    DeploymentOptions options = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("user-store")
      .setWorkerPoolSize(config.worker().instances())
      .setInstances(config.worker().instances());
    Future<?> owner = vertx.isClustered() ? claimSqlite(vertx) : Future.succeededFuture();
    return owner.compose(claimed -> UserDatabase.prepare(vertx, Path.of(config.db().path())))
      .compose(schema -> vertx.deployVerticle(() -> new UserStoreVerticle(config, hashes, throttle), options));
  }

  private static Future<?> claimSqlite(Vertx vertx) {
    return vertx.sharedData().getLockWithTimeout(SQLITE_OWNER_LOCK, SQLITE_OWNER_WAIT_MS)
      .recover(held -> Future.failedFuture(new IllegalStateException("another store node of this cluster owns its SQLite "
        + "database (cluster lock '" + SQLITE_OWNER_LOCK + "'): SQLite allows one store node; stop it, or run this node without "
        + "the store role")));
  }

  @Override
  public Future<?> start() {
    store = new UserStore(
      new UserRepository(UserDatabase.open(vertx, Path.of(config.db().path()))),
      new HasherClient(vertx, config.worker().maxQueueWaitMs() + HASH_ALLOWANCE_MS),
      hashes,
      new PasswordPolicy(config.password().minLength()),
      new PasswordStrength(config.password().minGuessesLog10()),
      throttle);
    return registerConsumers();
  }

  @Override
  public Future<?> stop() {
    drained = Promise.promise();
    if (inFlight == 0) {
      drained.complete();
    }
    return drained.future().timeout(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private Future<?> registerConsumers() {
    return Future.all(List.of(
      answer(UserAddresses.REGISTER, store::register),
      answer(UserAddresses.AUTHENTICATE, store::authenticate),
      answer(UserAddresses.CHANGE_PASSWORD, request -> announced(store.changePassword(request), request)),
      answer(UserAddresses.DELETE, request -> announced(store.delete(request), request)),
      answer(UserAddresses.FIND, store::find),
      answer(UserAddresses.LIST, store::list),
      answer(UserAddresses.PING, store::ping)));
  }

  private Future<Void> answer(String address, Function<JsonObject, Future<JsonObject>> operation) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> track(message, operation.apply(message.body()))).completion();
  }

  /**
   * Publishes {@link UserAddresses#CHANGED} once a user's credentials changed or the user is gone, so that every
   * HTTP verticle, on every node, forgets what it remembered of that user and refuses its older tokens at once.
   */
  private Future<JsonObject> announced(Future<JsonObject> change, JsonObject request) {
    return change.onSuccess(done -> vertx.eventBus().publish(UserAddresses.CHANGED,
      new JsonObject().put("login", LoginRules.canonical(request.getString("login", "")))));
  }

  /** Replies with the outcome, and counts the operation as in flight until then. */
  private void track(Message<JsonObject> message, Future<JsonObject> operation) {
    inFlight++;
    operation
      .onSuccess(message::reply)
      .onFailure(err -> replyFailure(message, err))
      .onComplete(done -> {
        inFlight--;
        if (inFlight == 0 && drained != null) {
          drained.tryComplete();
        }
      });
  }

  private static void replyFailure(Message<JsonObject> message, Throwable err) {
    if (err instanceof ReplyException) {
      ReplyException known = (ReplyException) err;
      message.fail(known.failureCode(), known.getMessage());
      return;
    }
    // the cause stays in this log; the caller gets only a code and a fixed text
    LOG.error("user store operation on {} failed", message.address(), err);
    message.fail(BusFailure.STORAGE_ERROR.code(), BusFailure.STORAGE_ERROR.message());
  }
}
