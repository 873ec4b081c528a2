package io.github.userservice.store;

import io.github.userservice.account.EmailAddress;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.account.PasswordStrength;
import io.github.userservice.bus.AccountMailAddresses;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.HashBudget;
import io.github.userservice.bus.HashTiming;
import io.github.userservice.bus.HasherClient;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.password.HashPolicy;
import io.github.userservice.throttle.AddressKey;
import io.github.userservice.throttle.RegistrationThrottle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Password resets: asked for ({@link AccountMailAddresses#REQUEST_PASSWORD_RESET}) and carried out with the mail's
 * token ({@link AccountMailAddresses#RESET_PASSWORD}).
 *
 * <p>A request is answered before anything about the account is looked up, so the answer is the same, and takes the
 * same time, whether or not the account exists: the request is counted against its client address (the only refusal,
 * which reveals nothing about accounts), stored in {@code reset_requests}, answered, and only then looked up, in one
 * transaction that deletes the stored request and writes the token, its mail and the audit event. A store instance
 * that stops between the answer and the lookup leaves the request stored; {@link #resumeLeftRequests} looks it up
 * later. One reset mail per account a minute at most; more are silently not sent.
 */
final class PasswordResets {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);
  /** A stored request older than this was left by a store instance that stopped: another one looks it up. */
  private static final Duration LEFT_AFTER = Duration.ofSeconds(10);

  /** A request as stored, waiting for its lookup. */
  private record Stored(String login, String emailKey, RequestOrigin origin) {
  }

  private final Vertx vertx;
  private final UserRepository users;
  private final Dialect dialect;
  private final AccountTokens tokens;
  private final AccountMail mail;
  private final AuditTrail audit;
  private final RegistrationThrottle perAddress;
  private final HasherClient hashers;
  private final HashTiming timing;
  private final HashPolicy hashes;
  private final PasswordPolicy policy;
  private final PasswordStrength strength;

  PasswordResets(Vertx vertx, UserRepository users, Dialect dialect, AccountTokens tokens, AccountMail mail, AuditTrail audit,
                 RegistrationThrottle perAddress, HasherClient hashers, HashTiming timing, HashPolicy hashes, PasswordPolicy policy,
                 PasswordStrength strength) {
    this.vertx = Objects.requireNonNull(vertx);
    this.users = Objects.requireNonNull(users);
    this.dialect = Objects.requireNonNull(dialect);
    this.tokens = Objects.requireNonNull(tokens);
    this.mail = Objects.requireNonNull(mail);
    this.audit = Objects.requireNonNull(audit);
    this.perAddress = Objects.requireNonNull(perAddress);
    this.hashers = Objects.requireNonNull(hashers);
    this.timing = Objects.requireNonNull(timing);
    this.hashes = Objects.requireNonNull(hashes);
    this.policy = Objects.requireNonNull(policy);
    this.strength = Objects.requireNonNull(strength);
  }

  /** {@code {"login"}} or {@code {"email"}} → {@code {}} once counted and stored; the lookup follows the answer. */
  Future<JsonObject> request(JsonObject request, RequestOrigin origin) {
    Stored stored = stored(request, origin);
    if (!mail.enabled()) {
      return Future.failedFuture(BusFailure.MAIL_NOT_CONFIGURED.exception());
    }
    return perAddress.attempt(AddressKey.of(origin.clientAddress()))
      .compose(wait -> wait.isPresent() ? refused(wait.get(), stored) : store(stored))
      .map(id -> {
        // after this reply has gone: the context runs it once the callbacks that send the reply are done
        vertx.getOrCreateContext().runOnContext(v -> lookUp(id));
        return new JsonObject();
      });
  }

  private Future<Long> refused(Duration wait, Stored stored) {
    return recorded(new AuditEvent(0, Instant.now(), AuditType.PASSWORD_RESET_THROTTLED, stored.login(), null,
        stored.origin().clientAddress(), stored.origin().requestId(), null))
      .compose(v -> Future.failedFuture(new RefusedException(Refusal.Throttled.waiting(wait))));
  }

  private Future<Long> store(Stored request) {
    return users.pool().preparedQuery(dialect.sql(Sql.INSERT_RESET_REQUEST))
      .execute(Tuple.of(request.login(), request.emailKey(), request.origin().clientAddress(), request.origin().requestId(),
        dialect.parameter(Instant.now())))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Takes the stored request (whoever deletes it handles it, once) and, when the account has a verified address and
   * got no reset mail in the last minute, issues a token and writes its mail; all in one transaction with its event.
   */
  private Future<Void> lookUp(long id) {
    Instant now = Instant.now();
    return AuditedTransaction.run(users, audit, transaction -> transaction.connection().preparedQuery(dialect.sql(Sql.TAKE_RESET_REQUEST))
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Void>succeededFuture();
          }
          var row = rows.iterator().next();
          Stored request = new Stored(row.getString(0), row.getString(1), new RequestOrigin(row.getString(3), row.getString(2), null));
          return users.claimResetMail(transaction.connection(), request.login(), request.emailKey(), now, now.minus(AccountMail.ONE_PER_ACCOUNT))
            .compose(target -> target.isEmpty()
              ? transaction.record(AuditEvent.of(AuditType.PASSWORD_RESET_IGNORED, request.login(), request.origin()))
              : mail.reset(transaction.connection(), target.get().login(), target.get().credentialVersion(), target.get().email(), now)
                .compose(v -> transaction.record(AuditEvent.of(AuditType.PASSWORD_RESET_REQUESTED, target.get().login(), request.origin()))));
        }))
      .onFailure(err -> LOG.warn("a password reset request could not be looked up now; it stays stored and is tried again", err));
  }

  /** Looks up the requests that stopped store instances left stored. */
  Future<Void> resumeLeftRequests() {
    return users.pool().preparedQuery(dialect.sql(Sql.LEFT_RESET_REQUESTS)).execute(Tuple.of(dialect.parameter(Instant.now().minus(LEFT_AFTER))))
      .compose(rows -> {
        Future<Void> chain = Future.succeededFuture();
        for (var row : rows) {
          long id = row.getLong(0);
          chain = chain.compose(v -> lookUp(id).recover(err -> Future.succeededFuture()));
        }
        return chain;
      });
  }

  /**
   * {@code {"token","newPassword"}} → the user with its new credential version. The token is checked before any hash,
   * so a wrong one costs no Argon2 time; it is used up in the transaction that stores the new hash, together with the
   * credential version it was issued for, so a second use, a token voided by a newer request or by a credential change
   * since, all fail alike.
   */
  Future<JsonObject> confirm(JsonObject request, RequestOrigin origin) {
    String token = EmailChanges.token(request);
    Object typed = request.getValue("newPassword");
    String next = PasswordPolicy.normalize(typed instanceof String ? (String) typed : "");
    if (PasswordPolicy.checkShape(next).isPresent()) {
      throw new IllegalArgumentException("not a password");
    }
    if (!mail.enabled()) {
      return Future.failedFuture(BusFailure.MAIL_NOT_CONFIGURED.exception());
    }
    if (!AccountTokens.hasShape(token)) {
      return invalidToken(origin);
    }
    Instant now = Instant.now();
    HashBudget budget = timing.budget(HashTiming.REGISTRATION_HASHES);
    return tokens.find(users.pool(), AccountTokens.Purpose.PASSWORD_RESET, token, now)
      .compose(issued -> issued.isEmpty() ? invalidToken(origin) : users.find(issued.get().login())
        .compose(user -> user.isPresent() && user.get().credentialVersion() == issued.get().credentialVersion()
          ? reset(user.get(), token, next, origin, budget)
          : invalidToken(origin)));
  }

  private Future<JsonObject> reset(UserRecord user, String token, String next, RequestOrigin origin, HashBudget budget) {
    String login = user.account().login();
    return refuseWeak(next, login)
      .compose(strong -> hashers.hash(next, hashes.parameters(), budget))
      .compose(hash -> AuditedTransaction.run(users, audit, transaction -> {
        Instant now = Instant.now();
        return tokens.consume(transaction.connection(), AccountTokens.Purpose.PASSWORD_RESET, token, now)
          .compose(issued -> issued.isEmpty() ? Future.succeededFuture(false)
            : users.resetPassword(transaction.connection(), login, issued.get().credentialVersion(), hash))
          .compose(changed -> !changed ? Future.succeededFuture(false)
            : mail.notice(transaction.connection(), AccountMail.PASSWORD_CHANGED, login, UserStore.verifiedEmail(user), now)
              .compose(v -> transaction.record(AuditEvent.of(AuditType.PASSWORD_RESET, login, origin)))
              .map(true));
      }))
      // used meanwhile, by another request with the same token, or voided by a password change
      .compose(changed -> changed ? Future.succeededFuture(user.withCredentialVersion(user.credentialVersion() + 1).toJson()) : invalidToken(origin));
  }

  /** The password policy with the login known at last, then zxcvbn: a weak-password refusal, as at registration. */
  private Future<Void> refuseWeak(String password, String login) {
    return policy.check(password, login).map(error -> error.message())
      .or(() -> strength.weakness(password, login))
      .map(advice -> Future.<Void>failedFuture(new RefusedException(new Refusal.WeakPassword(advice))))
      .orElseGet(Future::succeededFuture);
  }

  private <T> Future<T> invalidToken(RequestOrigin origin) {
    return recorded(AuditEvent.of(AuditType.PASSWORD_RESET_FAILED, null, origin))
      .compose(v -> Future.failedFuture(BusFailure.INVALID_TOKEN.exception()));
  }

  /** An event on its own; a trail that cannot be written never changes the answer. */
  private Future<Void> recorded(AuditEvent event) {
    return audit.record(users.pool(), event).recover(err -> {
      LOG.warn("could not write the audit event {}", event.type().wireName(), err);
      return Future.succeededFuture();
    });
  }

  /** Exactly one of {@code login} and {@code email}, each valid; the origin's client address is required. */
  private static Stored stored(JsonObject request, RequestOrigin origin) {
    Object login = request.getValue("login");
    Object email = request.getValue("email");
    if ((login == null) == (email == null) || origin.clientAddress() == null) {
      throw new IllegalArgumentException("one of login and email");
    }
    if (login != null) {
      String canonical = LoginRules.canonical(login instanceof String ? (String) login : "");
      if (LoginRules.check(canonical).isPresent()) {
        throw new IllegalArgumentException("not a login");
      }
      return new Stored(canonical, null, origin);
    }
    if (!(email instanceof String) || EmailAddress.check((String) email).isPresent()) {
      throw new IllegalArgumentException("not an email address");
    }
    return new Stored(null, EmailAddress.key((String) email), origin);
  }
}
