package io.github.userservice.session;

import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.PasskeyAddresses;
import io.github.userservice.bus.SessionAddresses;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.account.LoginRules;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.AccountNotices;
import io.github.userservice.passkey.Passkeys;
import io.github.userservice.passkey.SessionGate;
import io.github.userservice.store.AuditTrail;
import io.github.userservice.store.AuditedTransaction;
import io.github.userservice.store.Dialect;
import io.github.userservice.throttle.SecondFactorThrottle;
import io.github.userservice.throttle.SessionRequestThrottle;
import io.github.userservice.totp.SecondFactors;
import io.github.userservice.totp.SecretCipher;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The sessions and second factors of the store role: a worker verticle beside the user store, on the same database,
 * answering the {@link SessionAddresses}. It starts only with the keys the database's sessions and secrets were made
 * with ({@link KeyFile}), and purges the sessions and mfaTokens past their time every ten minutes, a batch at a time,
 * one instance of the node at a time.
 */
public final class SessionStoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionStoreVerticle.class);
  private static final long FIRST_PURGE_MS = 60_000;
  private static final long PURGE_MS = 10 * 60_000;
  private static final long FORGET_EXPIRED_THROTTLE_MS = 60_000;

  /** What the instances of a node share: the keys, the limits (whose counts hold for the whole store), the audit trail. */
  private record Shared(Dialect dialect, SessionKeys keys, SessionRequestThrottle requests, SecondFactorThrottle codes, AuditTrail audit,
                        AtomicBoolean purging) {
  }

  private final ServiceConfig config;
  private final Shared shared;
  private final SecureRandom random = new SecureRandom();
  private Sessions sessions;
  private MfaLogins logins;
  private SecondFactors factors;
  private Passkeys passkeys;

  private SessionStoreVerticle(ServiceConfig config, Shared shared) {
    this.config = Objects.requireNonNull(config);
    this.shared = Objects.requireNonNull(shared);
  }

  /**
   * The keys read (or, for a database that never had any, made) and checked against the database, then
   * {@code worker.instances} instances on a worker pool of their own. Call it once the user store prepared the schema.
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config, Dialect dialect) {
    Clock clock = Clock.systemUTC();
    int tracked = config.throttle().maxTrackedKeys();
    DeploymentOptions options = new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("session-store")
      .setWorkerPoolSize(config.worker().instances())
      .setInstances(config.worker().instances());
    return KeyFile.load(vertx, dialect, config.sessions().keysPath())
      .map(keys -> new Shared(dialect, keys,
        SessionRequestThrottle.of(config.sessions(), tracked, dialect.sharedStatePool(vertx), clock),
        SecondFactorThrottle.of(config.totp(), tracked, dialect.sharedStatePool(vertx), clock),
        new AuditTrail(dialect, config.webhooks()), new AtomicBoolean()))
      .compose(shared -> vertx.deployVerticle(() -> new SessionStoreVerticle(config, shared), options));
  }

  @Override
  public Future<?> start() {
    Clock clock = Clock.systemUTC();
    SessionRepository repository = new SessionRepository(shared.dialect().open(vertx), shared.dialect());
    sessions = new Sessions(repository, shared.requests(), shared.audit(), config.sessions(), shared.keys().refreshTokens(), vertx.eventBus(),
      clock, random);
    factors = new SecondFactors(shared.dialect(), repository.pool(), new SecretCipher(shared.keys().totpSecrets(), random), shared.audit(),
      new AccountNotices(config.mail(), shared.dialect()), config.totp().issuer(), clock, random);
    logins = new MfaLogins(repository, sessions, factors, shared.codes(), shared.audit(), clock, random);
    passkeys = Passkeys.create(vertx, config.webauthn(), shared.dialect(), repository.pool(), passkeyGate(), shared.audit(), clock, random);
    vertx.setPeriodic(FIRST_PURGE_MS, PURGE_MS, tick -> purge(repository, clock));
    vertx.setPeriodic(FORGET_EXPIRED_THROTTLE_MS, tick -> shared.requests().forgetExpired()
      .onFailure(err -> LOG.warn("could not drop expired session request counts", err)));
    return registerConsumers();
  }

  private Future<?> registerConsumers() {
    return Future.all(List.of(
      answer(SessionAddresses.BEGIN, logins::begin),
      answer(SessionAddresses.COMPLETE_MFA, logins::complete),
      answer(SessionAddresses.REFRESH, sessions::refresh),
      answer(SessionAddresses.END, sessions::end),
      answer(SessionAddresses.LIST, (request, origin) -> sessions.list(request)),
      answer(SessionAddresses.CHECK, (request, origin) -> sessions.check(request)),
      answer(SessionAddresses.TOTP_ENROLL, factors::enroll),
      answer(SessionAddresses.TOTP_CONFIRM, announced(factors::confirm)),
      answer(SessionAddresses.TOTP_DISABLE, announced(factors::disable)),
      answer(SessionAddresses.TOTP_STATUS, (request, origin) -> factors.status(request)),
      answer(PasskeyAddresses.REGISTRATION_OPTIONS, passkeys::registrationOptions),
      answer(PasskeyAddresses.REGISTER, passkeys::register),
      answer(PasskeyAddresses.LOGIN_OPTIONS, passkeys::loginOptions),
      answer(PasskeyAddresses.LOGIN, passkeys::login),
      answer(PasskeyAddresses.LIST, (request, origin) -> passkeys.list(request)),
      answer(PasskeyAddresses.RENAME, passkeys::rename),
      answer(PasskeyAddresses.DELETE, passkeys::delete)));
  }

  /** A passkey login starts its session as a password login does, under the same limit per address. */
  private SessionGate passkeyGate() {
    return new SessionGate() {
      @Override
      public Future<Optional<JsonObject>> start(AuditedTransaction transaction, String login, int credentialVersion, List<String> amr,
                                                RequestOrigin origin, String userAgent) {
        return sessions.start(transaction, login, credentialVersion, amr, origin, userAgent).map(started -> started.map(Sessions::answer));
      }

      @Override
      public Future<JsonObject> fromAddress(RequestOrigin origin, Supplier<Future<JsonObject>> work) {
        return sessions.fromAddress(origin, work);
      }
    };
  }

  /** The sessions and mfaTokens past their time, by one instance of the node at a time. */
  private void purge(SessionRepository repository, Clock clock) {
    if (!shared.purging().compareAndSet(false, true)) {
      return;
    }
    sessions.purge()
      .compose(purged -> repository.purgeChallenges(clock.instant(), 500).map(purged))
      .compose(purged -> passkeys.purgeChallenges().map(purged))
      .onSuccess(purged -> {
        if (purged > 0) {
          LOG.info("purged {} sessions past their idle or maximum age", purged);
        }
      })
      .onFailure(err -> LOG.warn("could not purge the sessions", err))
      .onComplete(done -> shared.purging().set(false));
  }

  /**
   * The operation, then {@link UserAddresses#CHANGED} for its user, whatever its outcome: the edges remember users
   * with whether their second factor is on, and forgetting one that did not change costs one lookup.
   */
  private BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> announced(BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> operation) {
    return (request, origin) -> operation.apply(request, origin).andThen(done -> vertx.eventBus().publish(UserAddresses.CHANGED,
      new JsonObject().put("login", LoginRules.canonical(request.getString("login", "")))));
  }

  private Future<Void> answer(String address, BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> operation) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> reply(message, apply(operation, message))).completion();
  }

  /** The operation's outcome; a request it cannot read fails {@code INVALID_REQUEST}, never echoing the request. */
  private static Future<JsonObject> apply(BiFunction<JsonObject, RequestOrigin, Future<JsonObject>> operation, Message<JsonObject> message) {
    try {
      return operation.apply(message.body() == null ? new JsonObject() : message.body(), RequestOrigin.from(message.headers()));
    } catch (IllegalArgumentException | ClassCastException malformed) {
      return Future.failedFuture(BusFailure.INVALID_REQUEST.exception());
    }
  }

  private static void reply(Message<JsonObject> message, Future<JsonObject> operation) {
    operation.onSuccess(message::reply).onFailure(err -> {
      if (err instanceof RefusedException refused) {
        message.reply(refused.refusal().toJson());
      } else if (err instanceof ReplyException known) {
        message.fail(known.failureCode(), known.getMessage());
      } else {
        // the cause stays in this log; the caller gets only a code and a fixed text
        LOG.error("session store operation on {} failed", message.address(), err);
        message.fail(BusFailure.STORAGE_ERROR.code(), BusFailure.STORAGE_ERROR.message());
      }
    });
  }
}
