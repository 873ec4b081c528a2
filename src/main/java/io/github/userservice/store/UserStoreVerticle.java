package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.account.PasswordStrength;
import io.github.userservice.bus.StoreFailure;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.password.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The user store: a worker verticle that owns the password hashing and the SQLite database, and answers the
 * {@link UserAddresses} over the event bus. Argon2 blocks its thread for tens of milliseconds by design, which
 * is why this runs on worker threads and never on an event loop. Each instance has its own connection; SQLite in
 * WAL mode lets them read at once and makes writers take turns.
 *
 * <p>Expects a database made ready by {@link UserDatabase#prepare}. On undeploy it waits for the operations it has started, so a graceful shutdown does not cut a
 * registration between its hash and its insert.
 */
public final class UserStoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UserStoreVerticle.class);
  private static final long DRAIN_TIMEOUT_SECONDS = 30;

  private final ServiceConfig config;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private PasswordStrength strength;
  private UserRepository users;
  private int inFlight;
  private Promise<Void> drained;

  /** @param hasher shared by all instances, so the dummy hash and the timers exist once */
  public UserStoreVerticle(ServiceConfig config, PasswordHasher hasher) {
    this.config = Objects.requireNonNull(config);
    this.hasher = Objects.requireNonNull(hasher);
    this.policy = new PasswordPolicy(config.password().minLength());
  }

  @Override
  public Future<?> start() {
    hasher.dummyHash(); // computed now, on a worker thread, so that no request pays for it
    strength = new PasswordStrength(config.password().minGuessesLog10());
    users = new UserRepository(UserDatabase.open(vertx, Path.of(config.db().path())));
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
    EventBus bus = vertx.eventBus();
    return Future.all(
      bus.consumer(UserAddresses.REGISTER, this::register).completion(),
      bus.consumer(UserAddresses.AUTHENTICATE, this::authenticate).completion(),
      bus.consumer(UserAddresses.FIND, this::find).completion(),
      bus.consumer(UserAddresses.PING, this::ping).completion());
  }

  private void register(Message<JsonObject> message) {
    String login = LoginRules.canonical(message.body().getString("login", ""));
    String password = PasswordPolicy.normalize(message.body().getString("password", ""));
    if (LoginRules.check(login).isPresent() || policy.check(password, login).isPresent()) {
      fail(message, StoreFailure.INVALID_REQUEST);
      return;
    }
    // a taken login is answered before judging or hashing the password, so a 409 costs no Argon2 time
    track(message, users.exists(login)
      .compose(taken -> taken ? Future.failedFuture(failure(StoreFailure.LOGIN_TAKEN)) : refuseWeak(password, login))
      .compose(strong -> users.insert(new Account(login, Instant.now()), hasher.hash(password)))
      .recover(err -> UserDatabase.isDuplicateKey(err) ? Future.failedFuture(failure(StoreFailure.LOGIN_TAKEN)) : Future.failedFuture(err))
      .map(Account::toJson));
  }

  private void authenticate(Message<JsonObject> message) {
    String login = LoginRules.canonical(message.body().getString("login", ""));
    String password = PasswordPolicy.normalize(message.body().getString("password", ""));
    if (PasswordPolicy.checkShape(password).isPresent()) {
      fail(message, StoreFailure.INVALID_REQUEST);
      return;
    }
    track(message, users.findCredentials(login).compose(found -> {
      // an unknown login is verified against a dummy hash, so it costs what a wrong password costs
      String stored = found.map(StoredUser::passwordHash).orElseGet(hasher::dummyHash);
      if (!hasher.verify(stored, password) || found.isEmpty()) {
        return Future.succeededFuture(new JsonObject().put("authenticated", false));
      }
      return upgradeHash(found.get(), password)
        .map(v -> new JsonObject().put("authenticated", true).put("account", found.get().account().toJson()));
    }));
  }

  private Future<Void> refuseWeak(String password, String login) {
    return strength.weakness(password, login)
      .map(advice -> Future.<Void>failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, StoreFailure.WEAK_PASSWORD.code(), advice)))
      .orElseGet(Future::succeededFuture);
  }

  /**
   * After a successful login, the only moment the password is known, re-hashes a hash weaker than today's
   * parameters (or of another algorithm) and stores it if nobody changed it meanwhile. A failure here is logged
   * and leaves the old hash, which still verifies: it never fails the login.
   */
  private Future<Void> upgradeHash(StoredUser user, String password) {
    if (!hasher.needsRehash(user.passwordHash())) {
      return Future.succeededFuture();
    }
    return users.replaceHash(user.account().login(), user.passwordHash(), hasher.hash(password))
      .onSuccess(replaced -> LOG.info("upgraded the password hash of {} to the current parameters", user.account().login()))
      .recover(err -> {
        LOG.warn("could not upgrade the password hash of {}", user.account().login(), err);
        return Future.succeededFuture();
      })
      .mapEmpty();
  }

  private void find(Message<JsonObject> message) {
    String login = LoginRules.canonical(message.body().getString("login", ""));
    track(message, users.find(login).compose(found -> found
      .map(account -> Future.succeededFuture(account.toJson()))
      .orElseGet(() -> Future.failedFuture(failure(StoreFailure.NOT_FOUND)))));
  }

  private void ping(Message<JsonObject> message) {
    track(message, users.ping().map(v -> new JsonObject().put("status", "UP")));
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

  private void replyFailure(Message<JsonObject> message, Throwable err) {
    if (err instanceof ReplyException) {
      ReplyException known = (ReplyException) err;
      message.fail(known.failureCode(), known.getMessage());
      return;
    }
    // the cause stays in this log; the caller gets only a code and a fixed text
    LOG.error("user store operation on {} failed", message.address(), err);
    fail(message, StoreFailure.STORAGE_ERROR);
  }

  private static void fail(Message<JsonObject> message, StoreFailure failure) {
    message.fail(failure.code(), failure.message());
  }

  private static ReplyException failure(StoreFailure failure) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, failure.code(), failure.message());
  }
}
