package io.github.userservice.session;

import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.SessionFailure;
import io.github.userservice.bus.SessionGrant;
import io.github.userservice.store.AuditTrail;
import io.github.userservice.store.AuditedTransaction;
import io.github.userservice.throttle.AddressKey;
import io.github.userservice.throttle.SecondFactorThrottle;
import io.github.userservice.totp.SecondFactors;
import io.github.userservice.totp.Totp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Logins in two steps. After a right password ({@code sessions.begin}) a user without a second factor gets a session at
 * once; a user with TOTP gets an mfaToken instead: 256 random bits, stored only as SHA-256, single use, valid
 * {@value #CHALLENGE_SECONDS} s, bound to that password step (its user at that credential version) and to its client's
 * address. It is no JWT and no refresh token, so it opens nothing else. {@code sessions.complete-mfa} then takes it
 * with a TOTP code or a recovery code: wrong codes count per account ({@link SecondFactorThrottle}), a right one uses
 * itself up, the mfaToken and the session's start in one transaction with their audit events.
 */
final class MfaLogins {

  static final int CHALLENGE_SECONDS = 300;
  private static final Logger LOG = LoggerFactory.getLogger(MfaLogins.class);
  private static final int TOKEN_BYTES = 32;
  private static final List<String> PASSWORD = List.of("pwd");
  private static final List<String> PASSWORD_AND_OTP = List.of("pwd", "otp");

  /** Rolls a transaction back and answers with its failure: nothing of it may stay (the code, above all). */
  private static final class RolledBack extends RuntimeException {

    private final SessionFailure failure;

    RolledBack(SessionFailure failure) {
      super(failure.wireName(), null, false, false);
      this.failure = failure;
    }
  }

  private final SessionRepository repository;
  private final Sessions sessions;
  private final SecondFactors factors;
  private final SecondFactorThrottle throttle;
  private final AuditTrail audit;
  private final Clock clock;
  private final SecureRandom random;

  MfaLogins(SessionRepository repository, Sessions sessions, SecondFactors factors, SecondFactorThrottle throttle, AuditTrail audit,
            Clock clock, SecureRandom random) {
    this.repository = Objects.requireNonNull(repository);
    this.sessions = Objects.requireNonNull(sessions);
    this.factors = Objects.requireNonNull(factors);
    this.throttle = Objects.requireNonNull(throttle);
    this.audit = Objects.requireNonNull(audit);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * {@code {"login","credentialVersion","userAgent"}}, once the edge checked the password → {@code {"session"}} or
   * {@code {"mfa": {"mfaToken","expiresIn"}}}; fails {@code NOT_FOUND} when the user changed meanwhile.
   */
  Future<JsonObject> begin(JsonObject request, RequestOrigin origin) {
    String login = Sessions.login(request);
    if (!(request.getValue("credentialVersion") instanceof Integer version) || origin.clientAddress() == null) {
      throw new IllegalArgumentException("a session begins for a credential version, from a client address");
    }
    String userAgent = request.getValue("userAgent") instanceof String text ? text : null;
    return factors.enabled(login).compose(needsSecondFactor -> needsSecondFactor
      ? challenge(login, version, origin)
      : sessions.start(login, version, PASSWORD, origin, userAgent)
        .compose(started -> started.map(grant -> Future.succeededFuture(Sessions.answer(grant)))
          .orElseGet(() -> Future.failedFuture(BusFailure.NOT_FOUND.exception()))));
  }

  private Future<JsonObject> challenge(String login, int credentialVersion, RequestOrigin origin) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plusSeconds(CHALLENGE_SECONDS);
    return repository.addChallenge(hash(token), login, credentialVersion, AddressKey.of(origin.clientAddress()), expiresAt)
      .map(added -> new JsonObject().put("mfa", new JsonObject().put("mfaToken", token).put("expiresIn", CHALLENGE_SECONDS)));
  }

  /**
   * {@code {"mfaToken","code"|"recoveryCode","userAgent"}} → {@code {"session"}}, or {@code invalid-token},
   * {@code wrong-code}, {@code locked}, or throttled.
   */
  Future<JsonObject> complete(JsonObject request, RequestOrigin origin) {
    String token = request.getValue("mfaToken") instanceof String text ? text : "";
    String code = request.getValue("code") instanceof String text ? text : null;
    String recoveryCode = request.getValue("recoveryCode") instanceof String text ? text : null;
    String userAgent = request.getValue("userAgent") instanceof String text ? text : null;
    if ((code == null) == (recoveryCode == null) || code != null && !Totp.looksLikeCode(code) || origin.clientAddress() == null) {
      throw new IllegalArgumentException("a second step carries one code, from a client address");
    }
    String tokenHash = hash(token);
    return sessions.fromAddress(origin, () -> repository.findChallenge(tokenHash).compose(found -> {
      Instant now = clock.instant();
      Optional<SessionRepository.Challenge> challenge = found
        .filter(pending -> pending.expiresAt().isAfter(now))
        .filter(pending -> pending.clientAddress().equals(AddressKey.of(origin.clientAddress())));
      if (challenge.isEmpty()) {
        return Future.succeededFuture(SessionFailure.INVALID_TOKEN.toJson());
      }
      String login = challenge.get().login();
      return throttle.attempt(login, recoveryCode != null).compose(admission -> {
        if (admission instanceof SecondFactorThrottle.Wait wait) {
          return refused(login, origin, wait.duration());
        }
        if (admission instanceof SecondFactorThrottle.Locked) {
          return audit.record(repository.pool(), AuditEvent.of(AuditType.MFA_THROTTLED, login, origin).withDetail("locked"))
            .map(SessionFailure.LOCKED.toJson());
        }
        return verified(tokenHash, challenge.get(), code, recoveryCode, origin, userAgent);
      });
    }));
  }

  /** The code checked and, when right, used up with the mfaToken and the session's start, in one transaction. */
  private Future<JsonObject> verified(String tokenHash, SessionRepository.Challenge challenge, String code, String recoveryCode,
                                      RequestOrigin origin, String userAgent) {
    String login = challenge.login();
    return AuditedTransaction.run(repository.dialect(), repository.pool(), audit,
        transaction -> factors.use(transaction, login, code, recoveryCode, origin).compose(method -> {
          if (method.isEmpty()) {
            AuditEvent failed = AuditEvent.of(AuditType.MFA_FAILED, login, origin).withDetail(code != null ? "totp" : "recovery_code");
            return transaction.record(failed).map(SessionFailure.WRONG_CODE.toJson());
          }
          return repository.useChallenge(transaction.connection(), tokenHash, clock.instant())
            .compose(used -> used ? Future.succeededFuture() : Future.<Void>failedFuture(new RolledBack(SessionFailure.INVALID_TOKEN)))
            .compose(used -> transaction.record(AuditEvent.of(AuditType.MFA_SUCCEEDED, login, origin).withDetail(method.get().detail())))
            .compose(recorded -> sessions.start(transaction, login, challenge.credentialVersion(), PASSWORD_AND_OTP, origin, userAgent))
            .compose(started -> started.map(grant -> Future.succeededFuture(Sessions.answer(grant)))
              // the password changed since its step: that step no longer counts
              .orElseGet(() -> Future.failedFuture(new RolledBack(SessionFailure.INVALID_TOKEN))));
        }))
      .onSuccess(answer -> {
        if (answer.containsKey("session")) {
          clearFailures(login);
        }
      })
      .recover(err -> err instanceof RolledBack rolledBack ? Future.succeededFuture(rolledBack.failure.toJson()) : Future.failedFuture(err));
  }

  private void clearFailures(String login) {
    throttle.succeeded(login).onFailure(err -> LOG.warn("could not clear the wrong codes of {}", login, err));
  }

  private Future<JsonObject> refused(String login, RequestOrigin origin, Duration wait) {
    return audit.record(repository.pool(), AuditEvent.of(AuditType.MFA_THROTTLED, login, origin))
      .transform(recorded -> Future.failedFuture(new RefusedException(Refusal.Throttled.waiting(wait))));
  }

  /** What the store keeps of an mfaToken. */
  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
