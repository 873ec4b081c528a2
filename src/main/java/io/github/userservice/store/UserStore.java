package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.account.EmailAddress;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.account.PasswordStrength;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.HashBudget;
import io.github.userservice.bus.HashTiming;
import io.github.userservice.bus.HasherClient;
import io.github.userservice.bus.PageRequest;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.password.HashPolicy;
import io.github.userservice.throttle.AddressKey;
import io.github.userservice.throttle.LoginThrottle;
import io.github.userservice.throttle.RegistrationThrottle;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the user store does for each address of {@code UserAddresses}: checks the request, has the hashers hash or
 * verify, and reads or writes the database, answering with the reply body, or a failed future carrying a
 * {@link BusFailure} or a {@link RefusedException}. Runs on the store's worker threads (zxcvbn's estimate, and JDBC on
 * SQLite, block). Every request is checked here again: the bus is a public interface, and a malformed one throws
 * {@link IllegalArgumentException}.
 */
final class UserStore {

  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

  private final UserRepository users;
  private final HasherClient hashers;
  private final HashTiming timing;
  private final HashPolicy hashes;
  private final PasswordPolicy policy;
  private final PasswordStrength strength;
  private final LoginThrottle throttle;
  private final RegistrationThrottle registrations;
  private final AuditTrail audit;
  private final AccountMail mail;
  private final SecureRandom random = new SecureRandom();

  UserStore(UserRepository users, HasherClient hashers, HashTiming timing, HashPolicy hashes, PasswordPolicy policy,
            PasswordStrength strength, LoginThrottle throttle, RegistrationThrottle registrations, AuditTrail audit, AccountMail mail) {
    this.users = Objects.requireNonNull(users);
    this.hashers = Objects.requireNonNull(hashers);
    this.timing = Objects.requireNonNull(timing);
    this.hashes = Objects.requireNonNull(hashes);
    this.policy = Objects.requireNonNull(policy);
    this.strength = Objects.requireNonNull(strength);
    this.throttle = Objects.requireNonNull(throttle);
    this.registrations = Objects.requireNonNull(registrations);
    this.audit = Objects.requireNonNull(audit);
    this.mail = Objects.requireNonNull(mail);
  }

  /**
   * An address past its registrations per hour is refused first ({@link Refusal.Throttled}), before the taken-login
   * check and any hash, whatever the login; then a taken login is answered before judging or hashing the password: a
   * 409 costs no Argon2 time and never waits.
   */
  Future<JsonObject> register(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String password = password(request, "password");
    String email = email(request);
    if (LoginRules.check(login).isPresent() || policy.check(password, login).isPresent() || origin.clientAddress() == null) {
      return failed(BusFailure.INVALID_REQUEST);
    }
    if (email != null && !mail.enabled()) {
      return failed(BusFailure.MAIL_NOT_CONFIGURED);
    }
    Instant now = Instant.now();
    UserRecord user = newUser(new Account(login, now), random, email);
    HashBudget budget = timing.budget(HashTiming.REGISTRATION_HASHES);
    return registrations.attempt(AddressKey.of(origin.clientAddress()))
      .compose(wait -> wait.isPresent()
        ? refused(Refusal.Throttled.waiting(wait.get()), AuditEvent.of(AuditType.REGISTRATION_THROTTLED, login, origin))
        : users.exists(login))
      .compose(taken -> taken ? failed(BusFailure.LOGIN_TAKEN) : refuseTakenEmail(email, login))
      .compose(free -> refuseWeak(password, login))
      .compose(strong -> hashers.hash(password, hashes.parameters(), budget))
      .compose(hash -> AuditedTransaction.run(users, audit, transaction -> users.insert(transaction.connection(), user, hash)
        .compose(inserted -> inserted ? welcome(transaction, user, origin, now).map(true) : Future.succeededFuture(false))))
      .compose(inserted -> inserted ? Future.succeededFuture(user.toJson()) : whichTaken(login));
  }

  /** The registration's event and, with an address, its verification mail. */
  private Future<Void> welcome(AuditedTransaction transaction, UserRecord user, RequestOrigin origin, Instant now) {
    String login = user.account().login();
    Future<Void> registered = transaction.record(AuditEvent.of(AuditType.USER_REGISTERED, login, origin));
    return user.email() == null ? registered : registered
      .compose(v -> mail.verification(transaction.connection(), login, user.credentialVersion(), user.email(), now))
      .compose(v -> transaction.record(AuditEvent.of(AuditType.EMAIL_VERIFICATION_REQUESTED, login, origin)));
  }

  private Future<Void> refuseTakenEmail(String email, String login) {
    return email == null ? Future.succeededFuture()
      : users.emailTaken(users.pool(), email, login).compose(taken -> taken ? failed(BusFailure.EMAIL_TAKEN) : Future.succeededFuture());
  }

  /** A registration that inserted nothing lost a race: to the same login, or else to the same address. */
  private Future<JsonObject> whichTaken(String login) {
    return users.exists(login).compose(taken -> failed(taken ? BusFailure.LOGIN_TAKEN : BusFailure.EMAIL_TAKEN));
  }

  /**
   * The same answer, after the same Argon2 work, for a wrong password and an unknown login. A login the throttle holds
   * back for this account or address is refused first ({@link Refusal.Throttled}), with no work at all; the outcome
   * counts in it.
   */
  Future<JsonObject> authenticate(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String typed = typed(request, "password");
    String password = PasswordPolicy.normalize(typed);
    if (PasswordPolicy.checkShape(password).isPresent() || origin.clientAddress() == null) {
      return failed(BusFailure.INVALID_REQUEST);
    }
    HashBudget budget = timing.budget(HashTiming.LOGIN_HASHES);
    return check(login, password, typed, origin, budget).compose(user -> user.isEmpty()
      ? recorded(AuditEvent.of(AuditType.LOGIN_FAILED, login, origin)).map(new JsonObject().put("authenticated", false))
      : upgradeHash(user.get(), password, budget)
        .compose(upgraded -> recorded(AuditEvent.of(AuditType.LOGIN_SUCCEEDED, login, origin)))
        .map(v -> new JsonObject().put("authenticated", true).put("account", user.get().record().toJson())));
  }

  /**
   * Needs the current password, throttled like a login (a stolen token must not become a way to guess it); the new
   * one must pass the policy. Bumps the credential version.
   */
  Future<JsonObject> changePassword(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String typed = typed(request, "currentPassword");
    String current = PasswordPolicy.normalize(typed);
    String next = password(request, "newPassword");
    if (PasswordPolicy.checkShape(current).isPresent() || policy.check(next, login).isPresent() || origin.clientAddress() == null) {
      return failed(BusFailure.INVALID_REQUEST);
    }
    HashBudget budget = timing.budget(HashTiming.PASSWORD_CHANGE_HASHES);
    return check(login, current, typed, origin, budget).compose(found -> {
      if (found.isEmpty()) {
        return recorded(AuditEvent.of(AuditType.PASSWORD_CHANGE_FAILED, login, origin)).compose(v -> failed(BusFailure.WRONG_PASSWORD));
      }
      StoredUser user = found.get();
      return refuseWeak(next, login)
        .compose(strong -> hashers.hash(next, hashes.parameters(), budget))
        .compose(hash -> audited(AuditEvent.of(AuditType.PASSWORD_CHANGED, login, origin),
          connection -> users.changePassword(connection, login, user.passwordHash(), hash).compose(changed -> changed
            ? mail.notice(connection, AccountMail.PASSWORD_CHANGED, login, verifiedEmail(user.record()), Instant.now()).map(true)
            : Future.succeededFuture(false))))
        .compose(changed -> changed
          // someone changed the password in between: the current password given here may no longer be it
          ? Future.succeededFuture(user.record().withCredentialVersion(user.record().credentialVersion() + 1).toJson())
          : failed(BusFailure.WRONG_PASSWORD));
    });
  }

  Future<JsonObject> delete(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    return audited(AuditEvent.of(AuditType.USER_DELETED, login, origin), connection -> users.delete(connection, login)
        .compose(deleted -> deleted ? mail.forget(connection, login).map(true) : Future.succeededFuture(false)))
      .compose(deleted -> deleted ? Future.succeededFuture(new JsonObject().put("deleted", true)) : failed(BusFailure.NOT_FOUND));
  }

  /** Records an event another part of the store role saw, e.g. the key ring's rotation: {@code {"event"}} → {@code {"id"}}. */
  Future<JsonObject> record(JsonObject request, RequestOrigin origin) {
    AuditEvent event = AuditEvent.fromJson(request.getJsonObject("event"));
    return recorded(event).map(new JsonObject());
  }

  /**
   * Runs a change of users in one transaction with its audit event, which is written only when the change was made
   * ({@code true}), and announced once it is stored.
   */
  private Future<Boolean> audited(AuditEvent event, Function<SqlConnection, Future<Boolean>> change) {
    return users.<Optional<AuditEvent>>transaction(connection -> change.apply(connection).compose(changed -> changed
        ? audit.write(connection, event).map(Optional::of)
        : Future.succeededFuture(Optional.empty())))
      .map(written -> {
        written.ifPresent(audit::announce);
        return written.isPresent();
      });
  }

  /**
   * An event on its own; if the trail cannot be written (the database away), the answer is given all the same and
   * the failure logged: the audit trail must not lock users out.
   */
  private Future<Void> recorded(AuditEvent event) {
    return audit.record(users.pool(), event).recover(err -> {
      LOG.warn("could not write the audit event {} of {}", event.type().wireName(), event.login(), err);
      return Future.succeededFuture();
    });
  }

  /** A refusal, recorded in the trail (once a minute per login and address at most). */
  private <T> Future<T> refused(Refusal refusal, AuditEvent event) {
    return recorded(event).compose(v -> Future.failedFuture(new RefusedException(refusal)));
  }

  Future<JsonObject> find(JsonObject request) {
    return users.find(login(request))
      .compose(found -> found.map(user -> Future.succeededFuture(user.toJson())).orElseGet(() -> failed(BusFailure.NOT_FOUND)));
  }

  /** A page of users after {@code after}, in login order, and whether more follow. */
  Future<JsonObject> list(JsonObject request) {
    PageRequest wanted = PageRequest.fromJson(request);
    int size = wanted.limit();
    return users.list(LoginRules.canonical(wanted.after()), size + 1).map(page -> new JsonObject()
      .put("users", new JsonArray(page.stream().limit(size).map(UserRecord::toJson).toList()))
      .put("more", page.size() > size));
  }

  /** Answers at once, or with {@code "database": true} (the default) after a trivial query. */
  Future<JsonObject> ping(JsonObject request) {
    JsonObject up = new JsonObject().put("status", "UP");
    return request.getBoolean("database", true) ? users.ping().map(up) : Future.succeededFuture(up);
  }

  /**
   * A new user's record, its credential version starting at random rather than 1: a login deleted and registered
   * again must not accept the tokens of the account it was before, which carry that account's versions.
   */
  static UserRecord newUser(Account account, SecureRandom random) {
    return newUser(account, random, null);
  }

  static UserRecord newUser(Account account, SecureRandom random, String email) {
    return new UserRecord(account, 1 + random.nextInt(Integer.MAX_VALUE - 1), email, false);
  }

  /** The user's address when it is verified: the only kind that gets notices and reset links. */
  static String verifiedEmail(UserRecord user) {
    return user.emailVerified() ? user.email() : null;
  }

  /**
   * The user when the password is right, empty when it is wrong or the login unknown (verified against a dummy hash
   * then, so it costs what a wrong password costs). The password is verified normalized (NFKC), as the service hashes
   * it, then, when it differs as typed, as typed: a hash imported from a system that did not normalize was made of
   * that. Whether the second verification happens depends on the password only, never on the account, so it tells
   * nothing about who exists. Under the throttle: refused ({@link Refusal.Throttled}) before any work
   * while it holds the login or the address back; else counted in flight until the outcome is known, then as a
   * success or a failure, or not at all when nothing could be verified (no hasher answered).
   */
  private Future<Optional<StoredUser>> check(String login, String password, String typed, RequestOrigin origin, HashBudget budget) {
    String addressKey = AddressKey.of(origin.clientAddress());
    return throttle.begin(login, addressKey).compose(wait -> wait.isPresent()
      ? this.<Optional<StoredUser>>refused(Refusal.Throttled.waiting(wait.get()), AuditEvent.of(AuditType.LOGIN_THROTTLED, login, origin))
      : users.findCredentials(login)
        .compose(found -> {
          String stored = found.map(StoredUser::passwordHash).orElse(hashes.dummyHash());
          return hashers.verify(stored, password, budget)
            .compose(matches -> matches || typed.equals(password) ? Future.succeededFuture(matches) : hashers.verify(stored, typed, budget))
            .map(matches -> matches ? found : Optional.<StoredUser>empty());
        })
        .transform(outcome -> counted(outcome, login, addressKey)));
  }

  /** The outcome once the throttle has counted it, so that the next attempt finds it counted. */
  private Future<Optional<StoredUser>> counted(AsyncResult<Optional<StoredUser>> outcome, String login, String address) {
    Future<Void> counting = outcome.failed() ? throttle.abandoned(login)
      : outcome.result().isPresent() ? throttle.succeeded(login)
      : throttle.failed(login, address);
    return counting.transform(counted -> {
      if (counted.failed()) {
        LOG.warn("the login throttle could not count an attempt", counted.cause());
      }
      return outcome.succeeded() ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause());
    });
  }

  private Future<Void> refuseWeak(String password, String login) {
    return strength.weakness(password, login)
      .map(advice -> Future.<Void>failedFuture(new RefusedException(new Refusal.WeakPassword(advice))))
      .orElseGet(Future::succeededFuture);
  }

  /**
   * After a successful login, the only moment the password is known, re-hashes a hash weaker than today's
   * parameters (or of another algorithm) and stores it if nobody changed it meanwhile, within what the login's budget
   * has left. A failure here (the hashers busy, the budget spent, the database) is logged and leaves the old hash,
   * which still verifies: it never fails the login.
   */
  private Future<Void> upgradeHash(StoredUser user, String password, HashBudget budget) {
    if (!hashes.needsRehash(user.passwordHash())) {
      return Future.succeededFuture();
    }
    return hashers.hash(password, hashes.parameters(), budget)
      .compose(hash -> users.replaceHash(user.login(), user.passwordHash(), hash))
      .onSuccess(replaced -> LOG.info("upgraded the password hash of {} to the current parameters", user.login()))
      .recover(err -> {
        if (err instanceof ReplyException) {
          // the hashers were busy or away: the next login tries again
          LOG.info("did not upgrade the password hash of {} this time: {}", user.login(), err.getMessage());
        } else {
          LOG.warn("could not upgrade the password hash of {}", user.login(), err);
        }
        return Future.succeededFuture();
      })
      .mapEmpty();
  }

  private static String login(JsonObject request) {
    Object login = request.getValue("login");
    return LoginRules.canonical(login instanceof String ? (String) login : "");
  }

  /** The optional {@code email} of a request, canonical; a malformed one is an invalid request. */
  static String email(JsonObject request) {
    Object email = request.getValue("email");
    if (email == null) {
      return null;
    }
    if (!(email instanceof String) || EmailAddress.check((String) email).isPresent()) {
      throw new IllegalArgumentException("not an email address");
    }
    return EmailAddress.canonical((String) email);
  }

  private static String password(JsonObject request, String field) {
    return PasswordPolicy.normalize(typed(request, field));
  }

  /** The password as the user typed it, not normalized. */
  private static String typed(JsonObject request, String field) {
    Object password = request.getValue(field);
    return password instanceof String ? (String) password : "";
  }

  private static <T> Future<T> failed(BusFailure failure) {
    return Future.failedFuture(failure.exception());
  }
}
