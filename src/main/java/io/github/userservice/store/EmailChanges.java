package io.github.userservice.store;

import io.github.userservice.account.EmailAddress;
import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.AccountMailAddresses;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's email address: changed ({@link AccountMailAddresses#CHANGE_EMAIL}), its verification mail sent again
 * ({@link AccountMailAddresses#RESEND_VERIFICATION}) and verified with the mail's token
 * ({@link AccountMailAddresses#VERIFY_EMAIL}). Each change, its token, its mails and its audit events are written in
 * one transaction. At most one verification mail per account a minute: a change sooner is refused (the caller is
 * the account's owner, so the refusal tells nobody anything), a resend sooner is silently not sent.
 */
final class EmailChanges {

  private static final Logger LOG = LoggerFactory.getLogger(EmailChanges.class);

  private final UserRepository users;
  private final AccountTokens tokens;
  private final AccountMail mail;
  private final AuditTrail audit;

  EmailChanges(UserRepository users, AccountTokens tokens, AccountMail mail, AuditTrail audit) {
    this.users = Objects.requireNonNull(users);
    this.tokens = Objects.requireNonNull(tokens);
    this.mail = Objects.requireNonNull(mail);
    this.audit = Objects.requireNonNull(audit);
  }

  /** {@code {"login","email"}} → the user with its new, unverified address. */
  Future<JsonObject> change(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String email = UserStore.email(request);
    if (email == null) {
      throw new IllegalArgumentException("an email address is required");
    }
    if (!mail.enabled()) {
      return Future.failedFuture(BusFailure.MAIL_NOT_CONFIGURED.exception());
    }
    return users.find(login).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(BusFailure.NOT_FOUND.exception());
      }
      UserRecord user = found.get();
      if (email.equals(user.email()) && user.emailVerified()) {
        // the address it has, proven already: nothing to verify again
        return Future.succeededFuture(user.toJson());
      }
      return users.emailTaken(users.pool(), email, login)
        .compose(taken -> taken ? Future.failedFuture(BusFailure.EMAIL_TAKEN.exception()) : store(user, email, origin))
        // two users claiming one address at once: the unique key refused the second
        .recover(err -> Future.failedFuture(UserRepository.isUniqueViolation(err) ? BusFailure.EMAIL_TAKEN.exception() : err));
    });
  }

  private Future<JsonObject> store(UserRecord user, String email, RequestOrigin origin) {
    String login = user.account().login();
    Instant now = Instant.now();
    return AuditedTransaction.run(users, audit, transaction -> users.changeEmail(transaction.connection(), login, email, now,
        now.minus(AccountMail.ONE_PER_ACCOUNT))
      .compose(changed -> changed ? Future.succeededFuture() : tooSoon(transaction, login, now))
      // a reset link went to the address being replaced: it no longer says who may set the password
      .compose(v -> tokens.voidAll(transaction.connection(), AccountTokens.Purpose.PASSWORD_RESET, login))
      .compose(v -> mail.verification(transaction.connection(), login, user.credentialVersion(), email, now))
      .compose(v -> isSameAddress(user.email(), email) ? Future.succeededFuture()
        // to the old address even unverified: whoever reads it learns of the change, which is the notice's point
        : mail.notice(transaction.connection(), AccountMail.EMAIL_CHANGED, login, user.email(), now))
      .compose(v -> transaction.record(AuditEvent.of(AuditType.EMAIL_CHANGED, login, origin).withDetail(email)))
      .compose(v -> transaction.record(AuditEvent.of(AuditType.EMAIL_VERIFICATION_REQUESTED, login, origin)))
      .map(v -> new UserRecord(user.account(), user.credentialVersion(), email, false).toJson()));
  }

  /** The change refused: the account's last verification mail went out less than a minute ago. */
  private Future<Void> tooSoon(AuditedTransaction transaction, String login, Instant now) {
    return users.verificationMailAt(transaction.connection(), login).compose(last -> {
      Duration wait = last.map(at -> Duration.between(now, at.plus(AccountMail.ONE_PER_ACCOUNT))).orElse(Duration.ofSeconds(1));
      return Future.failedFuture(new RefusedException(Refusal.Throttled.waiting(wait.isNegative() ? Duration.ofSeconds(1) : wait)));
    });
  }

  /** {@code {"login"}} → {@code {}}: a new verification mail, unless verified already or one went out in the last minute. */
  Future<JsonObject> resend(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    if (!mail.enabled()) {
      return Future.failedFuture(BusFailure.MAIL_NOT_CONFIGURED.exception());
    }
    Instant now = Instant.now();
    return AuditedTransaction.run(users, audit, transaction -> users.claimVerificationMail(transaction.connection(), login, now,
        now.minus(AccountMail.ONE_PER_ACCOUNT))
      .compose(target -> target.isEmpty() ? Future.<Void>succeededFuture()
        : mail.verification(transaction.connection(), login, target.get().credentialVersion(), target.get().email(), now)
          .compose(v -> transaction.record(AuditEvent.of(AuditType.EMAIL_VERIFICATION_REQUESTED, login, origin)))))
      .map(new JsonObject());
  }

  /** {@code {"token"}} → {@code {"login"}}: the address the token was issued for, verified, if the user still has it. */
  Future<JsonObject> verify(JsonObject request, RequestOrigin origin) {
    String token = token(request);
    if (!mail.enabled()) {
      return Future.failedFuture(BusFailure.MAIL_NOT_CONFIGURED.exception());
    }
    Instant now = Instant.now();
    Future<Optional<String>> verified = !AccountTokens.hasShape(token) ? Future.succeededFuture(Optional.empty())
      : AuditedTransaction.run(users, audit, transaction -> tokens.consume(transaction.connection(), AccountTokens.Purpose.EMAIL_VERIFICATION,
          token, now)
        .compose(issued -> issued.isEmpty() ? Future.succeededFuture(Optional.<String>empty())
          : users.verifyEmail(transaction.connection(), issued.get().login(), issued.get().email()).compose(done -> done
            ? transaction.record(AuditEvent.of(AuditType.EMAIL_VERIFIED, issued.get().login(), origin)).map(Optional.of(issued.get().login()))
            : Future.succeededFuture(Optional.<String>empty()))));
    return verified.compose(login -> login.isPresent()
      ? Future.succeededFuture(new JsonObject().put("login", login.get()))
      : failedToken(AuditEvent.of(AuditType.EMAIL_VERIFICATION_FAILED, null, origin)));
  }

  /** {@code INVALID_TOKEN}, once the failure is in the audit trail (or could not be written: it never changes the answer). */
  private Future<JsonObject> failedToken(AuditEvent event) {
    return audit.record(users.pool(), event)
      .recover(err -> {
        LOG.warn("could not write the audit event {}", event.type().wireName(), err);
        return Future.succeededFuture();
      })
      .compose(v -> Future.failedFuture(BusFailure.INVALID_TOKEN.exception()));
  }

  private static boolean isSameAddress(String before, String after) {
    return before != null && EmailAddress.key(before).equals(EmailAddress.key(after));
  }

  private static String login(JsonObject request) {
    Object login = request.getValue("login");
    String canonical = LoginRules.canonical(login instanceof String ? (String) login : "");
    if (LoginRules.check(canonical).isPresent()) {
      throw new IllegalArgumentException("not a login");
    }
    return canonical;
  }

  /** The request's token; the wrong type is no token at all (it never matches). */
  static String token(JsonObject request) {
    Object token = request.getValue("token");
    return token instanceof String ? (String) token : "";
  }
}
