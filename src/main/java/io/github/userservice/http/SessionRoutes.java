package io.github.userservice.http;

import io.github.userservice.account.Credentials;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.SessionClient;
import io.github.userservice.bus.SessionFailure;
import io.github.userservice.bus.SessionGrant;
import io.github.userservice.problem.Problem;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.problem.SessionProblems;
import io.github.userservice.security.Caller;
import io.github.userservice.security.KnownSessions;
import io.github.userservice.security.PasswordCheck;
import io.github.userservice.security.Proof;
import io.github.userservice.token.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.function.Function;

/**
 * Logging in, and the sessions a login starts: {@code POST /login} (the password step), {@code POST /login/mfa} (the
 * second factor), {@code POST /token/refresh}, {@code POST /logout}, and a user's list of sessions, each of which it
 * may end. A successful step answers an access token signed here for the session the store started, and the session's
 * refresh token.
 */
final class SessionRoutes {

  private final SessionClient sessions;
  private final PasswordCheck passwords;
  private final AccessTokens tokens;
  private final KnownSessions knownSessions;

  SessionRoutes(SessionClient sessions, PasswordCheck passwords, AccessTokens tokens, KnownSessions knownSessions) {
    this.sessions = Objects.requireNonNull(sessions);
    this.passwords = Objects.requireNonNull(passwords);
    this.tokens = Objects.requireNonNull(tokens);
    this.knownSessions = Objects.requireNonNull(knownSessions);
  }

  /**
   * {@code POST /login}: 200 with a session's tokens; for a user with a second factor 200 with an mfaToken and no
   * tokens; the same 401 for a wrong password and an unknown login, second factor or not.
   */
  void login(RoutingContext ctx) {
    Credentials credentials = CredentialsRequest.forLogin(JsonBodies.readObject(ctx));
    requireKeys();
    passwords.check(ctx, credentials)
      .compose(user -> user.map(found -> sessions.begin(Origins.of(ctx), found, userAgent(ctx)))
        .orElseGet(() -> Future.failedFuture(new ProblemException(Problems.invalidCredentials()))))
      .onSuccess(start -> {
        if (start instanceof SessionClient.SecondFactorNeeded needed) {
          ctx.json(new JsonObject().put("mfaRequired", true).put("mfaToken", needed.mfaToken()).put("expiresIn", needed.expiresIn()));
        } else {
          ctx.json(tokens(((SessionClient.Started) start).grant()));
        }
      })
      // the user was deleted, or its password changed, since the check: as if the password were wrong
      .onFailure(err -> ctx.fail(BusFailure.NOT_FOUND.matches(err) ? new ProblemException(Problems.invalidCredentials()) : err));
  }

  /** {@code POST /login/mfa}: the second step, with a TOTP code or a recovery code. */
  void completeMfa(RoutingContext ctx) {
    SessionRequests.MfaStep step = SessionRequests.mfaStep(JsonBodies.readObject(ctx));
    requireKeys();
    sessions.completeMfa(Origins.of(ctx), step.mfaToken(), step.code(), step.recoveryCode(), userAgent(ctx))
      .onSuccess(grant -> ctx.json(tokens(grant)))
      .onFailure(err -> ctx.fail(mapped(err, failure -> switch (failure) {
        case WRONG_CODE -> SessionProblems.wrongCode();
        case LOCKED -> SessionProblems.codesLocked();
        default -> SessionProblems.invalidMfaToken();
      }, SessionProblems::tooManyCodes)));
  }

  /** {@code POST /token/refresh}: the next access and refresh tokens, with no password and no hash. */
  void refresh(RoutingContext ctx) {
    String refreshToken = SessionRequests.refreshToken(JsonBodies.readObject(ctx));
    requireKeys();
    sessions.refresh(Origins.of(ctx), refreshToken)
      .onSuccess(grant -> ctx.json(tokens(grant)))
      .onFailure(err -> ctx.fail(mapped(err, failure -> SessionProblems.invalidRefreshToken(), SessionProblems::tooManySessionRequests)));
  }

  /** {@code POST /logout}: ends the access token's session; its refresh token is dead at once, its access tokens too. */
  void logout(RoutingContext ctx) {
    Proof proof = Proof.of(ctx);
    if (proof.sessionId() == null) {
      throw new ProblemException(SessionProblems.noSession());
    }
    end(ctx, Caller.of(ctx).login(), proof.sessionId(), "logout");
  }

  /** {@code GET /user/{login}/sessions}: the live ones, most recently used first; the caller's own marked current. */
  void list(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(Caller.of(ctx), login);
    String current = Proof.of(ctx).sessionId();
    sessions.list(login).onSuccess(live -> ctx.json(new JsonObject().put("sessions", new JsonArray(live.stream()
      .map(session -> session.json().copy().put("current", session.id().equals(current))).toList()))))
      .onFailure(ctx::fail);
  }

  /** {@code DELETE /user/{login}/sessions/{id}}: 204 once ended; 404 when not a live session of that user. */
  void end(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(Caller.of(ctx), login);
    String id = ctx.pathParam("id");
    if (!id.matches("[A-Za-z0-9_-]{22}")) {
      throw new ProblemException(Problems.notFound());
    }
    end(ctx, login, id, "revoked");
  }

  private void end(RoutingContext ctx, String login, String id, String reason) {
    sessions.end(Origins.of(ctx), login, id, reason).onSuccess(ended -> {
      // before answering, so that no request after the 204 finds the session live on this edge
      knownSessions.forget(id);
      if (ended) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(new ProblemException(Problems.notFound()));
      }
    }).onFailure(err -> ctx.fail(mapped(err, failure -> Problems.notFound(), SessionProblems::tooManySessionRequests)));
  }

  /** The answer of every step that yields a session: the account, an access token for the session, its refresh token. */
  JsonObject tokens(SessionGrant grant) {
    return grant.user().account().toJson()
      .put("accessToken", tokens.issue(grant))
      .put("tokenType", "Bearer")
      .put("expiresIn", tokens.expiresIn(grant))
      .put("refreshToken", grant.refreshToken())
      .put("refreshExpiresIn", grant.refreshExpiresIn())
      .put("sessionId", grant.sessionId());
  }

  void requireKeys() {
    if (!tokens.ready()) {
      throw new ProblemException(Problems.keysUnavailable());
    }
  }

  /** A store's answer as the problem it is for this route; a bus failure as it came, for the one mapping. */
  private static Throwable mapped(Throwable err, Function<SessionFailure, Problem> failures, Function<Long, Problem> throttled) {
    return SessionFailure.of(err).<Throwable>map(failure -> new ProblemException(failures.apply(failure)))
      .or(() -> Refusal.of(err).filter(Refusal.Throttled.class::isInstance)
        .map(refusal -> new ProblemException(throttled.apply(((Refusal.Throttled) refusal).retryAfterSeconds()))))
      .orElse(err);
  }

  /** The client's {@code User-Agent}, which its session keeps (the store bounds it). */
  static String userAgent(RoutingContext ctx) {
    String userAgent = ctx.request().getHeader(HttpHeaders.USER_AGENT);
    return userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 1024));
  }
}
