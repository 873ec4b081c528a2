package io.github.userservice.session;

import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.SessionAddresses;
import io.github.userservice.bus.SessionFailure;
import io.github.userservice.bus.SessionGrant;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.AuditTrail;
import io.github.userservice.store.AuditedTransaction;
import io.github.userservice.throttle.AddressKey;
import io.github.userservice.throttle.SessionRequestThrottle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sessions, as the store keeps them: started by a login, moved on by refresh tokens that rotate at every use, ended by
 * a logout, a revocation, their idle and maximum ages, a password change (their user's credential version moved on) or
 * the reuse of a refresh token.
 *
 * <p>Rotation follows the OAuth 2.0 Security BCP (RFC 9700, section 4.14.2): each refresh hands out the next
 * generation's token, and a token two generations old, or the previous one past the grace period, can only be a copy
 * (the client would hold the newer one): the whole session ends and {@code session.reuse_detected} is recorded, which
 * stops whoever else holds it. The token just replaced gets the current pair back for {@code sessions.refreshGraceSeconds}:
 * a client that lost the answer, or two tabs refreshing at once, are served rather than logged out. Refreshes are not
 * recorded in the audit trail (a session refreshes every quarter hour: they would bury the events that matter); the
 * session's own {@code refreshedAt} and address keep the last one.
 */
final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int SESSION_ID_BYTES = 16;
  private static final int PURGE_BATCH = 500;

  private final SessionRepository sessions;
  private final SessionRequestThrottle throttle;
  private final AuditTrail audit;
  private final ServiceConfig.Sessions config;
  private final byte[] refreshKey;
  private final EventBus bus;
  private final Clock clock;
  private final SecureRandom random;

  Sessions(SessionRepository sessions, SessionRequestThrottle throttle, AuditTrail audit, ServiceConfig.Sessions config, byte[] refreshKey,
           EventBus bus, Clock clock, SecureRandom random) {
    this.sessions = Objects.requireNonNull(sessions);
    this.throttle = Objects.requireNonNull(throttle);
    this.audit = Objects.requireNonNull(audit);
    this.config = Objects.requireNonNull(config);
    this.refreshKey = refreshKey.clone();
    this.bus = Objects.requireNonNull(bus);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * Starts a session in this transaction for a user who passed {@code amr}, if it still has this credential version,
   * and records it; the user's sessions beyond {@code sessions.maxPerUser} end, the least recently used first.
   */
  Future<Optional<SessionGrant>> start(AuditedTransaction transaction, String login, int credentialVersion, List<String> amr,
                                       RequestOrigin origin, String userAgent) {
    Instant now = clock.instant();
    String id = newId();
    SessionRepository.NewSession session = new SessionRepository.NewSession(id, amr, now, now.plus(config.maxAge()), origin.clientAddress(),
      bounded(userAgent));
    return sessions.start(transaction.connection(), session, login, credentialVersion).compose(started -> {
      if (started.isEmpty()) {
        return Future.succeededFuture(Optional.<SessionGrant>empty());
      }
      UserRecord user = started.get();
      AuditEvent event = AuditEvent.of(AuditType.SESSION_STARTED, login, origin).withDetail(id + " " + String.join("+", amr));
      return transaction.record(event)
        .compose(recorded -> endBeyondLimit(transaction, login, origin))
        .map(ended -> Optional.of(grant(id, 1, amr, user, session.expiresAt(), now, now)));
    });
  }

  /** Starts a session in a transaction of its own; empty when the user changed meanwhile. */
  Future<Optional<SessionGrant>> start(String login, int credentialVersion, List<String> amr, RequestOrigin origin, String userAgent) {
    return AuditedTransaction.run(sessions.dialect(), sessions.pool(), audit,
      transaction -> start(transaction, login, credentialVersion, amr, origin, userAgent));
  }

  /**
   * {@code {"refreshToken"}} → {@code {"session": grant}} or {@code invalid-token}; limited per address, then (once the
   * token is known to be ours) per session.
   */
  Future<JsonObject> refresh(JsonObject request, RequestOrigin origin) {
    String token = request.getValue("refreshToken") instanceof String text ? text : null;
    if (token == null || origin.clientAddress() == null) {
      throw new IllegalArgumentException("a refresh needs a token and a client address");
    }
    return fromAddress(origin, () -> {
      Optional<RefreshToken> presented = RefreshToken.verify(token, refreshKey);
      if (presented.isEmpty()) {
        return Future.succeededFuture(SessionFailure.INVALID_TOKEN.toJson());
      }
      return forSession(origin, presented.get().sessionId(), () -> refresh(presented.get(), origin, true));
    });
  }

  private Future<JsonObject> refresh(RefreshToken presented, RequestOrigin origin, boolean mayRotate) {
    Instant now = clock.instant();
    return sessions.find(presented.sessionId()).compose(found -> {
      if (found.isEmpty() || !found.get().liveAt(now, config.idle())) {
        return Future.succeededFuture(SessionFailure.INVALID_TOKEN.toJson());
      }
      StoredSession session = found.get();
      long current = session.generation();
      if (presented.generation() == current && mayRotate) {
        return sessions.rotate(session.id(), current, now, origin.clientAddress()).compose(rotated -> rotated
          ? Future.succeededFuture(answer(grant(session.id(), current + 1, session.amr(), session.user(), session.expiresAt(), now, now)))
          // another refresh with the same token won the race: this one is now the previous token
          : refresh(presented, origin, false));
      }
      if (presented.generation() == current - 1 && !now.isAfter(session.refreshedAt().plusSeconds(config.refreshGraceSeconds()))) {
        // the token just replaced, within the grace period: the current pair again, nothing rotates
        return Future.succeededFuture(answer(grant(session.id(), current, session.amr(), session.user(), session.expiresAt(),
          session.refreshedAt(), now)));
      }
      if (presented.generation() < current) {
        return reuseDetected(session, presented, origin).map(SessionFailure.INVALID_TOKEN.toJson());
      }
      // a later generation than the session's: not one this store handed out
      return Future.succeededFuture(SessionFailure.INVALID_TOKEN.toJson());
    });
  }

  /** A refresh token older than the session's: a copy is in other hands. The session ends for everyone. */
  private Future<Void> reuseDetected(StoredSession session, RefreshToken presented, RequestOrigin origin) {
    AuditEvent event = AuditEvent.of(AuditType.SESSION_REUSE_DETECTED, session.login(), origin)
      .withDetail(session.id() + " generation " + presented.generation() + " of " + session.generation());
    return AuditedTransaction.run(sessions.dialect(), sessions.pool(), audit, transaction -> sessions.revoke(transaction.connection(), session.id())
        .compose(revoked -> {
          if (!revoked) {
            return Future.succeededFuture();
          }
          LOG.warn("refresh token reuse in session {} of {}: the session is ended", session.id(), session.login());
          transaction.onCommit(() -> announceEnded(session.id(), session.login()));
          return transaction.record(event);
        }));
  }

  /**
   * {@code {"login","sessionId","reason"}} → {@code {"ended"}}: a logout ({@code logout}) or a revocation
   * ({@code revoked}, by the user or an admin). Limited like refreshes.
   */
  Future<JsonObject> end(JsonObject request, RequestOrigin origin) {
    String login = login(request);
    String id = request.getValue("sessionId") instanceof String text ? text : "";
    Object reason = request.getValue("reason");
    if (!isSessionId(id) || !("logout".equals(reason) || "revoked".equals(reason)) || origin.clientAddress() == null) {
      throw new IllegalArgumentException("an end names a login, a session and a reason");
    }
    AuditEvent event = AuditEvent.of(AuditType.SESSION_ENDED, login, origin).withDetail(id + " " + reason);
    return fromAddress(origin, () -> forSession(origin, id, () -> AuditedTransaction.run(sessions.dialect(), sessions.pool(), audit,
        transaction -> sessions.end(transaction.connection(), id, login).compose(ended -> {
          if (!ended) {
            return Future.succeededFuture(false);
          }
          transaction.onCommit(() -> announceEnded(id, login));
          return transaction.record(event).map(true);
        }))
      .map(ended -> new JsonObject().put("ended", ended))));
  }

  /** {@code {"login"}} → {@code {"sessions"}}: the live ones, most recently used first. */
  Future<JsonObject> list(JsonObject request) {
    Instant now = clock.instant();
    return sessions.live(login(request), now, now.minus(config.idle()), config.maxPerUser())
      .map(live -> new JsonObject().put("sessions", new JsonArray(live)));
  }

  /** {@code {"sessionId"}} → {@code {"live","login"}}, for the edges' checks of access tokens. */
  Future<JsonObject> check(JsonObject request) {
    String id = request.getValue("sessionId") instanceof String text ? text : "";
    if (!isSessionId(id)) {
      return Future.succeededFuture(new JsonObject().put("live", false));
    }
    Instant now = clock.instant();
    return sessions.find(id).map(found -> found.filter(session -> session.liveAt(now, config.idle()))
      .map(session -> new JsonObject().put("live", true).put("login", session.login()))
      .orElseGet(() -> new JsonObject().put("live", false)));
  }

  /** Deletes the sessions past their age, a batch at a time; how many. */
  Future<Integer> purge() {
    return purge(clock.instant(), PURGE_BATCH);
  }

  private Future<Integer> purge(Instant now, int batch) {
    return sessions.purge(now, now.minus(config.idle()), batch)
      .compose(deleted -> deleted < batch ? Future.succeededFuture(deleted) : purge(now, batch).map(more -> deleted + more));
  }

  /** Runs {@code work} if the client's address is within its limit; else a throttled refusal, recorded. */
  Future<JsonObject> fromAddress(RequestOrigin origin, Supplier<Future<JsonObject>> work) {
    return throttle.fromAddress(AddressKey.of(origin.clientAddress())).compose(wait -> wait.isEmpty() ? work.get() : refused(wait.get(), origin));
  }

  /** Runs {@code work} if the session is within its limit; else a throttled refusal, recorded. */
  Future<JsonObject> forSession(RequestOrigin origin, String sessionId, Supplier<Future<JsonObject>> work) {
    return throttle.forSession(sessionId).compose(wait -> wait.isEmpty() ? work.get() : refused(wait.get(), origin));
  }

  /** A throttled refusal, recorded once a minute per address at most (a flood of them costs no more). */
  private Future<JsonObject> refused(Duration wait, RequestOrigin origin) {
    return audit.record(sessions.pool(), AuditEvent.of(AuditType.SESSION_THROTTLED, null, origin))
      .transform(recorded -> Future.failedFuture(new RefusedException(Refusal.Throttled.waiting(wait))));
  }

  private Future<Void> endBeyondLimit(AuditedTransaction transaction, String login, RequestOrigin origin) {
    return sessions.beyond(transaction.connection(), login, config.maxPerUser()).compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (String old : ids) {
        chain = chain.compose(v -> sessions.revoke(transaction.connection(), old))
          .compose(revoked -> transaction.record(AuditEvent.of(AuditType.SESSION_ENDED, login, origin).withDetail(old + " limit")));
        transaction.onCommit(() -> announceEnded(old, login));
      }
      return chain;
    });
  }

  private void announceEnded(String id, String login) {
    bus.publish(SessionAddresses.ENDED, new JsonObject().put("sessionId", id).put("login", login));
  }

  private SessionGrant grant(String id, long generation, List<String> amr, UserRecord user, Instant expiresAt, Instant refreshedAt, Instant now) {
    StoredSession session = new StoredSession(id, user, generation, amr, now, refreshedAt, expiresAt);
    return new SessionGrant(id, new RefreshToken(id, generation).encode(refreshKey), session.refreshExpiresIn(now, config.idle()), amr, user);
  }

  static JsonObject answer(SessionGrant grant) {
    return new JsonObject().put("session", grant.toJson());
  }

  private String newId() {
    byte[] bytes = new byte[SESSION_ID_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** A session id as this store makes them: 22 characters of base64url. */
  static boolean isSessionId(String id) {
    return id.length() == 22 && id.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
  }

  /** A User-Agent as a session keeps it: printable, at most {@value SessionAddresses#MAX_USER_AGENT} characters. */
  static String bounded(String userAgent) {
    if (userAgent == null) {
      return null;
    }
    String printable = userAgent.codePoints().filter(c -> !Character.isISOControl(c))
      .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    if (printable.isEmpty()) {
      return null;
    }
    int length = printable.codePointCount(0, printable.length());
    return length <= SessionAddresses.MAX_USER_AGENT ? printable : printable.substring(0, printable.offsetByCodePoints(0, SessionAddresses.MAX_USER_AGENT));
  }

  static String login(JsonObject request) {
    Object login = request.getValue("login");
    String canonical = LoginRules.canonical(login instanceof String ? (String) login : "");
    if (LoginRules.check(canonical).isPresent()) {
      throw new IllegalArgumentException("not a login");
    }
    return canonical;
  }
}
