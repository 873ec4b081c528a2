package io.github.userservice.store;

import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.account.PasswordStrength;
import io.github.userservice.bus.AccountMailAddresses;
import io.github.userservice.bus.AuditAddresses;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.HashTiming;
import io.github.userservice.bus.HasherClient;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.HashPolicy;
import io.github.userservice.password.StoredHashes;
import io.github.userservice.throttle.LoginThrottle;
import io.github.userservice.throttle.RegistrationThrottle;
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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The user store: a worker verticle that owns the database (SQLite or PostgreSQL, see {@link Dialect}) and answers the
 * {@link UserAddresses} over the event bus with {@link UserStore}, asking the hashers for every hash and verification.
 * zxcvbn's estimate blocks, and so does JDBC on SQLite, which is why this runs on worker threads. Each instance has
 * its own pool.
 *
 * <p>On undeploy it waits for the operations it has started, so a graceful shutdown does not cut a registration
 * between its hash and its insert.
 */
public final class UserStoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UserStoreVerticle.class);
  private static final long DRAIN_TIMEOUT_SECONDS = 30;

  private static final long FORGET_EXPIRED_THROTTLE_MS = 60_000;
  private static final long FIRST_AUDIT_PURGE_MS = 60_000;
  private static final long AUDIT_PURGE_MS = 10 * 60_000;
  private static final long RESUME_RESET_REQUESTS_MS = 10_000;

  /**
   * What the instances of a node share: the database; the hash policy, so that they verify unknown logins against the
   * same dummy hash; how long hashes take; the throttles, whose counts hold for the whole store; the audit trail and
   * whether one instance purges it; the import's hash bounds; the open exports; whether the node may serve now (a
   * clustered SQLite store only while it owns the cluster's users).
   */
  private record Shared(Dialect dialect, HashPolicy hashes, HashTiming timing, LoginThrottle throttle,
                        RegistrationThrottle registrations, RegistrationThrottle resets, AuditTrail audit, AtomicBoolean purgingAudit,
                        StoredHashes importedHashes, AtomicInteger openExports, BooleanSupplier serving) {
  }

  private final ServiceConfig config;
  private final Shared shared;
  private UserRepository users;
  private UserStore store;
  private EmailChanges emails;
  private PasswordResets resets;
  private UserImport imports;
  private StoreAdministration admin;
  private int inFlight;
  private Promise<Void> drained;

  private UserStoreVerticle(ServiceConfig config, Shared shared) {
    this.config = Objects.requireNonNull(config);
    this.shared = Objects.requireNonNull(shared);
  }

  /**
   * The database made ready once (created, migrated), then {@code worker.instances} store instances on a worker pool
   * of their own, each with its consumers registered. In a cluster on SQLite, first the claim to be its one store
   * node ({@link SqliteOwnership}): a second one would have a database of its own, and users would be split between
   * them; while the claim's lease runs out (cut off from the majority) every request is answered {@code STORAGE_ERROR}
   * and every write to the file is refused. On PostgreSQL any number of store nodes share the database and, through
   * {@link Dialect#sharedStatePool}, the login throttle.
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config, Dialect dialect) {
    DeploymentOptions options = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("user-store")
      .setWorkerPoolSize(config.worker().instances())
      .setInstances(config.worker().instances());
    Future<BooleanSupplier> owner = vertx.isClustered() && dialect instanceof SqliteDialect sqlite
      ? SqliteOwnership.acquire(vertx, config).map(ownership -> sqlite.fenceWrites(ownership::serving))
      : Future.succeededFuture(() -> true);
    return owner.compose(serving -> dialect.prepare(vertx).recover(err -> Future.failedFuture(
        new IllegalStateException("the user database (" + dialect.describe() + ") could not be opened: " + err.getMessage(), err)))
      .onSuccess(version -> LOG.info("users are kept in {} (schema version {})", dialect.describe(), version))
      .compose(schema -> {
        Shared shared = shared(vertx, config, dialect, serving);
        return vertx.deployVerticle(() -> new UserStoreVerticle(config, shared), options);
      }));
  }

  private static Shared shared(Vertx vertx, ServiceConfig config, Dialect dialect, BooleanSupplier serving) {
    LoginThrottle throttle = LoginThrottle.of(config.throttle(), dialect.sharedStatePool(vertx), Clock.systemUTC());
    RegistrationThrottle registrations = RegistrationThrottle.of(config.throttle(), dialect.sharedStatePool(vertx), Clock.systemUTC());
    RegistrationThrottle resets = RegistrationThrottle.ofPasswordResets(config.throttle(), dialect.sharedStatePool(vertx), Clock.systemUTC());
    return new Shared(dialect, new HashPolicy(config.argon2()),
      new HashTiming(config.worker().burstQueueWaitMs(), config.argon2().parameters()), throttle, registrations, resets,
      new AuditTrail(dialect, config.webhooks()), new AtomicBoolean(),
      new StoredHashes(config.imports().admitting(config.argon2())), new AtomicInteger(), serving);
  }

  @Override
  public Future<?> start() {
    users = new UserRepository(shared.dialect().open(vertx), shared.dialect());
    SecureRandom random = new SecureRandom();
    AccountTokens tokens = new AccountTokens(shared.dialect(), random);
    AccountMail mail = new AccountMail(config.mail(), shared.dialect(), tokens);
    HasherClient hashers = new HasherClient(vertx, shared.timing());
    PasswordPolicy policy = new PasswordPolicy(config.password().minLength());
    PasswordStrength strength = new PasswordStrength(config.password().minGuessesLog10());
    emails = new EmailChanges(users, tokens, mail, shared.audit());
    resets = new PasswordResets(vertx, users, shared.dialect(), tokens, mail, shared.audit(), shared.resets(), hashers, shared.timing(),
      shared.hashes(), policy, strength);
    store = new UserStore(
      users,
      hashers,
      shared.timing(),
      shared.hashes(),
      policy,
      strength,
      shared.throttle(),
      shared.registrations(),
      shared.audit(),
      mail);
    imports = new UserImport(users, shared.importedHashes(), shared.audit(), Clock.systemUTC());
    admin = new StoreAdministration(vertx, config, shared.dialect(), users, shared.audit(), shared.openExports(), shared.purgingAudit());
    vertx.setPeriodic(FORGET_EXPIRED_THROTTLE_MS, tick -> Future.all(shared.throttle().forgetExpired(), shared.registrations().forgetExpired(),
        shared.resets().forgetExpired())
      .onFailure(err -> LOG.warn("could not drop expired throttle entries", err)));
    vertx.setPeriodic(FIRST_AUDIT_PURGE_MS, AUDIT_PURGE_MS, tick -> admin.purgeAuditTrail());
    vertx.setPeriodic(FIRST_AUDIT_PURGE_MS, AUDIT_PURGE_MS, tick -> tokens.purgeExpired(users.pool(), Instant.now())
      .onFailure(err -> LOG.warn("could not drop expired account tokens", err)));
    vertx.setPeriodic(RESUME_RESET_REQUESTS_MS, tick -> resets.resumeLeftRequests()
      .onFailure(err -> LOG.warn("could not look up the password reset requests left stored", err)));
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
      answer(UserAddresses.CHANGE_PASSWORD, (request, origin) -> announced(store.changePassword(request, origin), request)),
      answer(UserAddresses.DELETE, (request, origin) -> announced(store.delete(request, origin), request)),
      answer(UserAddresses.FIND, (request, origin) -> store.find(request)),
      answer(UserAddresses.LIST, (request, origin) -> store.list(request)),
      answer(UserAddresses.IMPORT, imports::importBatch),
      answer(UserAddresses.EXPORT, (request, origin) -> admin.openExport(origin)),
      answer(UserAddresses.BACKUP, (request, origin) -> admin.backup(origin)),
      answer(UserAddresses.PING, (request, origin) -> store.ping(request)),
      answer(AccountMailAddresses.CHANGE_EMAIL, (request, origin) -> announced(emails.change(request, origin), request)),
      answer(AccountMailAddresses.RESEND_VERIFICATION, emails::resend),
      answer(AccountMailAddresses.VERIFY_EMAIL, (request, origin) -> announced(emails.verify(request, origin))),
      answer(AccountMailAddresses.REQUEST_PASSWORD_RESET, resets::request),
      answer(AccountMailAddresses.RESET_PASSWORD, (request, origin) -> announced(resets.confirm(request, origin))),
      answer(AuditAddresses.RECORD, store::record),
      answer(AuditAddresses.LIST, (request, origin) -> admin.auditEvents(request))));
  }

  private Future<Void> answer(String address, BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> operation) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> track(message, shared.serving().getAsBoolean()
      ? apply(operation, message)
      : Future.failedFuture(BusFailure.STORAGE_ERROR.exception()))).completion();
  }

  /** The operation's outcome; a request it cannot read fails {@code INVALID_REQUEST}, never echoing the request. */
  private static Future<JsonObject> apply(BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> operation, Message<JsonObject> message) {
    try {
      return operation.apply(message.body(), RequestOrigin.from(message.headers()));
    } catch (IllegalArgumentException malformed) {
      return Future.failedFuture(BusFailure.INVALID_REQUEST.exception());
    }
  }

  /**
   * Publishes {@link UserAddresses#CHANGED} once a user's credentials changed or the user is gone, so that every
   * HTTP verticle, on every node, forgets what it remembered of that user and refuses its older tokens at once.
   */
  private Future<JsonObject> announced(Future<JsonObject> change, JsonObject request) {
    return change.onSuccess(done -> vertx.eventBus().publish(UserAddresses.CHANGED,
      new JsonObject().put("login", LoginRules.canonical(request.getString("login", "")))));
  }

  /** Like {@link #announced(Future, JsonObject)}, for changes whose reply names the user: {@code {"login", ...}}. */
  private Future<JsonObject> announced(Future<JsonObject> change) {
    return change.onSuccess(reply -> vertx.eventBus().publish(UserAddresses.CHANGED, new JsonObject().put("login", reply.getString("login"))));
  }

  /** Replies with the outcome, and counts the operation as in flight until then. */
  private void track(Message<JsonObject> message, Future<JsonObject> operation) {
    inFlight++;
    operation
      // every reply tells the edge how long hashes take now, from which it derives how long it waits on the store
      .onSuccess(reply -> message.reply(reply, shared.timing().replyOptions()))
      .onFailure(err -> replyFailure(message, err))
      .onComplete(done -> {
        inFlight--;
        if (inFlight == 0 && drained != null) {
          drained.tryComplete();
        }
      });
  }

  private void replyFailure(Message<JsonObject> message, Throwable err) {
    if (err instanceof RefusedException refused) {
      message.reply(refused.refusal().toJson(), shared.timing().replyOptions());
      return;
    }
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
