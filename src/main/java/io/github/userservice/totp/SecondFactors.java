package io.github.userservice.totp;

import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.SessionFailure;
import io.github.userservice.store.AccountNotices;
import io.github.userservice.store.AuditTrail;
import io.github.userservice.store.AuditedTransaction;
import io.github.userservice.store.Dialect;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the store does for the {@code totp.*} addresses, and the check of a second factor for a login: a secret is
 * made and handed out once, encrypted for the database ({@link SecretCipher}), enabled by its first right code, which
 * also hands out the recovery codes, and turned off with them. Every step is in the audit trail, in the transaction of
 * its change. The edge has checked who asks; the requests are checked here again, the bus being a public interface
 * ({@link IllegalArgumentException} for a malformed one).
 */
public final class SecondFactors {

  /** How a second factor was proved. */
  public enum Method {
    TOTP("totp"), RECOVERY_CODE("recovery_code");

    private final String detail;

    Method(String detail) {
      this.detail = detail;
    }

    /** As the audit trail's {@code detail} names it. */
    public String detail() {
      return detail;
    }
  }

  private final Dialect dialect;
  private final Pool pool;
  private final TotpRepository factors;
  private final SecretCipher cipher;
  private final AuditTrail audit;
  private final AccountNotices notices;
  private final String issuer;
  private final Clock clock;
  private final SecureRandom random;
  private final RecoveryCodes recoveryCodes;

  public SecondFactors(Dialect dialect, Pool pool, SecretCipher cipher, AuditTrail audit, AccountNotices notices, String issuer, Clock clock,
                       SecureRandom random) {
    this.dialect = Objects.requireNonNull(dialect);
    this.pool = Objects.requireNonNull(pool);
    this.factors = new TotpRepository(pool, dialect);
    this.cipher = Objects.requireNonNull(cipher);
    this.audit = Objects.requireNonNull(audit);
    this.notices = Objects.requireNonNull(notices);
    this.issuer = Objects.requireNonNull(issuer);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
    this.recoveryCodes = new RecoveryCodes(random);
  }

  /** {@code {"login"}} → {@code {"secret","uri"}}: a new secret, waiting for its first code; refused while one is enabled. */
  public Future<JsonObject> enroll(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    byte[] secret = new byte[Totp.SECRET_BYTES];
    random.nextBytes(secret);
    String encrypted = cipher.encrypt(secret, login);
    return AuditedTransaction.run(dialect, pool, audit, transaction -> factors.enroll(transaction.connection(), login, encrypted, clock.instant())
      .compose(enrolled -> enrolled
        ? transaction.record(AuditEvent.of(AuditType.TOTP_ENROLLMENT_STARTED, login, origin)).map(true)
        : Future.succeededFuture(false)))
      .map(enrolled -> {
        if (!enrolled) {
          return SessionFailure.ENABLED.toJson();
        }
        String base32 = Base32.encode(secret);
        return new JsonObject().put("secret", base32).put("uri", OtpauthUri.of(issuer, login, base32));
      });
  }

  /**
   * {@code {"login","code"}} → {@code {"recoveryCodes"}}: the waiting secret enabled by a right code (whose step counts
   * as used), and {@value RecoveryCodes#COUNT} new recovery codes, shown this once.
   */
  public Future<JsonObject> confirm(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String code = request.getValue("code") instanceof String typed ? typed : "";
    if (!Totp.looksLikeCode(code)) {
      throw new IllegalArgumentException("a code is six digits");
    }
    return factors.find(login).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(SessionFailure.NO_ENROLLMENT.toJson());
      }
      TotpRepository.Factor factor = found.get();
      if (factor.enabled()) {
        return Future.succeededFuture(SessionFailure.ENABLED.toJson());
      }
      OptionalLong step = Totp.matchingStep(cipher.decrypt(factor.encryptedSecret(), login), code, clock.instant(), Long.MIN_VALUE);
      if (step.isEmpty()) {
        return audit.record(pool, AuditEvent.of(AuditType.TOTP_CONFIRMATION_FAILED, login, origin)).map(SessionFailure.WRONG_CODE.toJson());
      }
      List<String> codes = recoveryCodes.generate();
      List<String> hashes = codes.stream().map(shown -> RecoveryCodes.hash(RecoveryCodes.normalize(shown).orElseThrow())).toList();
      return AuditedTransaction.run(dialect, pool, audit, transaction ->
          factors.enable(transaction.connection(), login, factor.encryptedSecret(), step.getAsLong(), clock.instant())
            .compose(enabled -> !enabled
              // enabled or replaced since it was read: the code was not for the secret waiting now
              ? Future.succeededFuture(SessionFailure.NO_ENROLLMENT.toJson())
              : factors.replaceRecoveryCodes(transaction.connection(), login, hashes)
                .compose(stored -> transaction.record(AuditEvent.of(AuditType.TOTP_ENABLED, login, origin)))
                .map(recorded -> new JsonObject().put("recoveryCodes", new JsonArray(codes)))));
    });
  }

  /** {@code {"login"}} → {@code {"disabled"}}: the secret and the recovery codes gone. */
  public Future<JsonObject> disable(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    return AuditedTransaction.run(dialect, pool, audit, transaction -> factors.disable(transaction.connection(), login)
        .compose(disabled -> disabled
          ? transaction.record(AuditEvent.of(AuditType.TOTP_DISABLED, login, origin)).map(true)
          : Future.succeededFuture(false)))
      .map(disabled -> new JsonObject().put("disabled", disabled));
  }

  /** {@code {"login"}} → {@code {"enabled"}}. */
  public Future<JsonObject> status(JsonObject request) {
    return enabled(login(request)).map(enabled -> new JsonObject().put("enabled", enabled));
  }

  /** Whether the user must give a second factor after the password. */
  public Future<Boolean> enabled(String login) {
    return factors.find(login).map(found -> found.map(TotpRepository.Factor::enabled).orElse(false));
  }

  /**
   * Checks a TOTP code or a recovery code of an enabled second factor and uses it up in this transaction: the code's
   * step becomes the last one accepted, the recovery code is deleted. Empty when it is wrong or was used. A recovery
   * code's use is recorded here, with how many are left.
   *
   * @param code         six digits, or null
   * @param recoveryCode a recovery code as typed, or null
   */
  public Future<Optional<Method>> use(AuditedTransaction transaction, String login, String code, String recoveryCode, RequestOrigin origin) {
    if (code != null) {
      return factors.find(transaction.connection(), login).compose(found -> {
        Optional<TotpRepository.Factor> enabled = found.filter(TotpRepository.Factor::enabled);
        if (enabled.isEmpty()) {
          return Future.succeededFuture(Optional.empty());
        }
        byte[] secret = cipher.decrypt(enabled.get().encryptedSecret(), login);
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant(), enabled.get().lastStep());
        if (step.isEmpty()) {
          return Future.succeededFuture(Optional.empty());
        }
        return factors.acceptStep(transaction.connection(), login, step.getAsLong())
          .map(accepted -> accepted ? Optional.of(Method.TOTP) : Optional.empty());
      });
    }
    Optional<String> normalized = RecoveryCodes.normalize(recoveryCode);
    if (normalized.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return factors.useRecoveryCode(transaction.connection(), login, RecoveryCodes.hash(normalized.get())).compose(used -> !used
      ? Future.succeededFuture(Optional.empty())
      : factors.recoveryCodesLeft(transaction.connection(), login)
        .compose(left -> transaction.record(AuditEvent.of(AuditType.RECOVERY_CODE_USED, login, origin).withDetail(left + " left"))
          // a used recovery code is news to the owner if someone else has the password and a code: tell them by mail
          .compose(recorded -> notices.recoveryCodeUsed(transaction.connection(), login, left, clock.instant())))
        .map(noticed -> Optional.of(Method.RECOVERY_CODE)));
  }

  private static String login(JsonObject request) {
    Object login = request.getValue("login");
    String canonical = LoginRules.canonical(login instanceof String ? (String) login : "");
    if (LoginRules.check(canonical).isPresent()) {
      throw new IllegalArgumentException("not a login");
    }
    return canonical;
  }
}
