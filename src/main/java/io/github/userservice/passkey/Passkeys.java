package io.github.userservice.passkey;

import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.PasskeyFailure;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.AuditTrail;
import io.github.userservice.store.AuditedTransaction;
import io.github.userservice.store.Dialect;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Passkeys, as the store keeps them: registered by a signed-in user who has just proven the password (or logged in
 * within {@value #RECENT_LOGIN_SECONDS} s), and logged in with without a login name, which starts a session as a
 * password login does. Every challenge is stored (as SHA-256) with its purpose, and for a registration with its user
 * and session, and is used up by the first credential that names it, whatever becomes of that one: a replay, another
 * session's challenge, or one past its time finds none. A refused ceremony with a known user is recorded with why.
 */
public final class Passkeys {

  /** A login this recent proved the password (and the second factor) just now, as far as registering a passkey goes. */
  static final int RECENT_LOGIN_SECONDS = 300;
  /** RFC 8176: proof of possession of a hardware-secured key, with the user verified by it. */
  static final List<String> AMR = List.of("hwk", "user");
  private static final int USER_HANDLE_BYTES = 32;
  private static final int PURGE_BATCH = 1000;
  private static final int PURGE_BATCHES = 100;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final PasskeyRepository repository;
  private final Ceremonies ceremonies;
  private final SessionGate sessions;
  private final AuditTrail audit;
  private final Clock clock;
  private final SecureRandom random;

  Passkeys(PasskeyRepository repository, Ceremonies ceremonies, SessionGate sessions, AuditTrail audit, Clock clock, SecureRandom random) {
    this.repository = Objects.requireNonNull(repository);
    this.ceremonies = Objects.requireNonNull(ceremonies);
    this.sessions = Objects.requireNonNull(sessions);
    this.audit = Objects.requireNonNull(audit);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /** The passkeys of one store instance, on its pool. */
  public static Passkeys create(Vertx vertx, ServiceConfig.Webauthn config, Dialect dialect, Pool pool, SessionGate sessions, AuditTrail audit,
                                Clock clock, SecureRandom random) {
    PasskeyRepository repository = new PasskeyRepository(pool, dialect);
    return new Passkeys(repository, new Ceremonies(vertx, config, new PasskeyStorage(repository, clock)), sessions, audit, clock, random);
  }

  /** {@code {"login","sessionId","passwordChecked"}} → {@code {"options"}}, or {@code reauthentication-required}. */
  public Future<JsonObject> registrationOptions(JsonObject request, RequestOrigin origin) {
    String login = text(request, "login");
    String sessionId = text(request, "sessionId");
    boolean passwordChecked = Boolean.TRUE.equals(request.getValue("passwordChecked"));
    Future<Boolean> proven = passwordChecked ? Future.succeededFuture(true) : repository.sessionCreated(sessionId, login)
      .map(created -> created.filter(at -> !at.isBefore(clock.instant().minusSeconds(RECENT_LOGIN_SECONDS))).isPresent());
    return proven.compose(recent -> {
      if (!recent) {
        return Future.succeededFuture(PasskeyFailure.REAUTHENTICATION_REQUIRED.toJson());
      }
      return repository.userHandle(login, newUserHandle())
        .compose(handle -> ceremonies.creationOptions(login, handle))
        .compose(options -> repository.addChallenge(hash(options.getString("challenge")), "register", login, sessionId, expiry())
          .compose(added -> audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_REGISTRATION_STARTED, login, origin)))
          .map(recorded -> new JsonObject().put("options", options)));
    });
  }

  /** {@code {"login","sessionId","credential","name"}} → {@code {"passkey"}}, or {@code invalid-credential}, {@code already-registered}. */
  public Future<JsonObject> register(JsonObject request, RequestOrigin origin) {
    String login = text(request, "login");
    String sessionId = text(request, "sessionId");
    JsonObject credential = request.getJsonObject("credential");
    String name = request.getValue("name") instanceof String text ? text : null;
    Optional<ClientData> found = ClientData.of(credential);
    if (found.isEmpty() || !"webauthn.create".equals(found.get().type())) {
      return registrationFailed(login, origin, "client-data");
    }
    ClientData clientData = found.get();
    if (clientData.crossOrigin() || !ceremonies.allowedOrigin(clientData.origin())) {
      return registrationFailed(login, origin, "origin");
    }
    String id = credential.getString("id");
    return repository.useRegistrationChallenge(hash(clientData.challenge()), login, sessionId, clock.instant()).compose(used -> {
      if (!used) {
        return registrationFailed(login, origin, "challenge");
      }
      return ceremonies.register(login, clientData, credential).transform(registered -> {
        if (registered.failed()) {
          return registered.cause() instanceof PasskeyStorage.AlreadyRegistered
            ? Future.succeededFuture(PasskeyFailure.ALREADY_REGISTERED.toJson())
            : registrationFailed(login, origin, "verification");
        }
        return (name == null ? Future.succeededFuture(true) : repository.rename(id, login, name))
          .compose(named -> audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_REGISTERED, login, origin).withDetail(id)))
          .compose(recorded -> repository.find(id))
          .map(passkey -> new JsonObject().put("passkey", passkey.orElseThrow().view()));
      });
    });
  }

  /** {@code {}} → {@code {"options"}}, limited per client address: each one is a row until it is used or expires. */
  public Future<JsonObject> loginOptions(JsonObject request, RequestOrigin origin) {
    return sessions.fromAddress(origin, () -> ceremonies.requestOptions()
      .compose(options -> repository.addChallenge(hash(options.getString("challenge")), "login", null, null, expiry())
        .map(added -> new JsonObject().put("options", options))));
  }

  /** {@code {"credential","userAgent"}} → {@code {"session": grant}}, or {@code invalid-credential}, or throttled. */
  public Future<JsonObject> login(JsonObject request, RequestOrigin origin) {
    JsonObject credential = request.getJsonObject("credential");
    String userAgent = request.getValue("userAgent") instanceof String text ? text : null;
    Optional<ClientData> clientData = ClientData.of(credential);
    if (clientData.isEmpty() || !(credential.getValue("id") instanceof String id)) {
      return Future.succeededFuture(PasskeyFailure.INVALID_CREDENTIAL.toJson());
    }
    return sessions.fromAddress(origin, () -> repository.useLoginChallenge(hash(clientData.get().challenge()), clock.instant())
      .compose(used -> repository.find(id).compose(passkey -> {
        if (passkey.isEmpty()) {
          // nobody to record it for: the credential is no passkey here (any more)
          return Future.succeededFuture(PasskeyFailure.INVALID_CREDENTIAL.toJson());
        }
        return used ? verifyAssertion(passkey.get(), clientData.get(), credential, origin, userAgent)
          : loginFailed(passkey.get().login(), origin, "challenge");
      })));
  }

  /** The checks of an assertion that used up a live challenge and names a known passkey: then the session. */
  private Future<JsonObject> verifyAssertion(StoredPasskey passkey, ClientData clientData, JsonObject credential, RequestOrigin origin,
                                             String userAgent) {
    String login = passkey.login();
    if (!"webauthn.get".equals(clientData.type()) || clientData.crossOrigin() || !ceremonies.allowedOrigin(clientData.origin())) {
      return loginFailed(login, origin, "origin");
    }
    JsonObject response = credential.getJsonObject("response");
    // a discoverable credential names its user (Level 3, 7.2 step 6): it must be the one the passkey belongs to
    if (!passkey.userHandle().equals(response.getValue("userHandle"))) {
      return loginFailed(login, origin, "user-handle");
    }
    Optional<AuthenticatorFlags> flags = AuthenticatorFlags.ofAuthenticatorData(response.getString("authenticatorData"));
    if (flags.isEmpty() || flags.get().backupEligible() != passkey.backupEligible()) {
      // backup eligibility is fixed when a credential is made (Level 3, 6.1.3): a change is another authenticator
      return loginFailed(login, origin, "backup-eligibility");
    }
    return ceremonies.authenticate(login, clientData, credential).transform(verified -> {
      if (verified.succeeded()) {
        return startSession(passkey, flags.get(), origin, userAgent);
      }
      return counterRegressed(verified.cause()) ? counterRefused(login, origin, passkey.id()) : loginFailed(login, origin, "signature");
    });
  }

  private Future<JsonObject> startSession(StoredPasskey passkey, AuthenticatorFlags flags, RequestOrigin origin, String userAgent) {
    String login = passkey.login();
    return AuditedTransaction.run(repository.dialect(), repository.pool(), audit, transaction ->
      repository.credentialVersion(transaction.connection(), login).compose(version -> {
        if (version.isEmpty()) {
          return Future.succeededFuture(PasskeyFailure.INVALID_CREDENTIAL.toJson());
        }
        return repository.used(transaction.connection(), passkey.id(), flags.backedUp(), clock.instant())
          .compose(used -> transaction.record(AuditEvent.of(AuditType.PASSKEY_LOGIN_SUCCEEDED, login, origin).withDetail(passkey.id())))
          .compose(recorded -> sessions.start(transaction, login, version.get(), AMR, origin, userAgent))
          .map(started -> started.orElse(PasskeyFailure.INVALID_CREDENTIAL.toJson()));
      }));
  }

  /** {@code {"login"}} → {@code {"passkeys": [...]}}, oldest first. */
  public Future<JsonObject> list(JsonObject request) {
    return repository.list(text(request, "login"))
      .map(passkeys -> new JsonObject().put("passkeys", new JsonArray(passkeys.stream().map(StoredPasskey::view).toList())));
  }

  /** {@code {"login","id","name"}} → {@code {"passkey"}} or {@code not-found}. */
  public Future<JsonObject> rename(JsonObject request, RequestOrigin origin) {
    String login = text(request, "login");
    String id = text(request, "id");
    return repository.rename(id, login, text(request, "name")).compose(renamed -> !renamed
      ? Future.succeededFuture(PasskeyFailure.NOT_FOUND.toJson())
      : audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_RENAMED, login, origin).withDetail(id))
        .compose(recorded -> repository.find(id))
        .map(passkey -> new JsonObject().put("passkey", passkey.orElseThrow().view())));
  }

  /** {@code {"login","id"}} → {@code {"deleted": bool}}. */
  public Future<JsonObject> delete(JsonObject request, RequestOrigin origin) {
    String login = text(request, "login");
    String id = text(request, "id");
    return AuditedTransaction.run(repository.dialect(), repository.pool(), audit, transaction ->
      repository.delete(transaction.connection(), id, login).compose(deleted -> (deleted
          ? transaction.record(AuditEvent.of(AuditType.PASSKEY_DELETED, login, origin).withDetail(id))
          : Future.<Void>succeededFuture())
        .map(recorded -> new JsonObject().put("deleted", deleted))));
  }

  /**
   * The challenges past their time, a batch at a time until none is left (at most {@value #PURGE_BATCHES} batches a
   * call): anyone may ask for login options, so they may pile up faster than one batch every ten minutes clears.
   */
  public Future<Integer> purgeChallenges() {
    return purgeChallenges(0, 0);
  }

  private Future<Integer> purgeChallenges(int batches, int purged) {
    return repository.purgeChallenges(clock.instant(), PURGE_BATCH).compose(count -> count == PURGE_BATCH && batches + 1 < PURGE_BATCHES
      ? purgeChallenges(batches + 1, purged + count)
      : Future.succeededFuture(purged + count));
  }

  private Future<JsonObject> registrationFailed(String login, RequestOrigin origin, String why) {
    return audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_REGISTRATION_FAILED, login, origin).withDetail(why))
      .map(PasskeyFailure.INVALID_CREDENTIAL.toJson());
  }

  private Future<JsonObject> loginFailed(String login, RequestOrigin origin, String why) {
    return audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_LOGIN_FAILED, login, origin).withDetail(why))
      .map(PasskeyFailure.INVALID_CREDENTIAL.toJson());
  }

  private Future<JsonObject> counterRefused(String login, RequestOrigin origin, String id) {
    return audit.record(repository.pool(), AuditEvent.of(AuditType.PASSKEY_COUNTER_REGRESSED, login, origin).withDetail(id))
      .map(PasskeyFailure.INVALID_CREDENTIAL.toJson());
  }

  /** webauthn4j's own check, or our compare-and-set when another login moved the counter in between. */
  private static boolean counterRegressed(Throwable err) {
    for (Throwable cause = err; cause != null; cause = cause.getCause()) {
      if (cause instanceof MaliciousCounterValueException || cause instanceof PasskeyStorage.CounterRegressed) {
        return true;
      }
    }
    return false;
  }

  private Instant expiry() {
    return clock.instant().plus(Duration.ofSeconds(Ceremonies.CHALLENGE_SECONDS));
  }

  private String newUserHandle() {
    byte[] bytes = new byte[USER_HANDLE_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  private static String text(JsonObject request, String key) {
    if (!(request.getValue(key) instanceof String value)) {
      throw new IllegalArgumentException("missing " + key);
    }
    return value;
  }

  /** What the store keeps of a challenge. */
  static String hash(String challenge) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(challenge.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
