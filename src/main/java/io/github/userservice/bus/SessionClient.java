package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The typed side of {@link SessionAddresses} for the edge's routes. A {@link SessionFailure} answer fails the future
 * with {@link SessionFailure.SessionFailedException}, a limit reached with a {@link RefusedException}; bus failures
 * come as the {@code ReplyException}s they are, for the caller to map. One per HTTP verticle, used on its event loop;
 * like {@link UserStoreClient} it never has more than {@value BoundedRequester#MAX_IN_FLIGHT} requests waiting and fails
 * {@link BusFailure#OVERLOADED} at once past that.
 */
public final class SessionClient {

  /** What a password step leads to: a session, or a second factor to ask for first. */
  public sealed interface Start {
  }

  public record Started(SessionGrant grant) implements Start {
  }

  /** @param mfaToken single use, for {@code POST /login/mfa} within {@code expiresIn} seconds */
  public record SecondFactorNeeded(String mfaToken, long expiresIn) implements Start {

    @Override
    public String toString() {
      return "SecondFactorNeeded[mfaToken hidden]";
    }
  }

  /** A live session, as a user's list shows it: never a token. */
  public record SessionView(JsonObject json) {

    public String id() {
      return json.getString("id");
    }
  }

  /** A new secret waiting for its first code, and the URI authenticator apps read it from. */
  public record Enrollment(String secret, String uri) {

    @Override
    public String toString() {
      return "Enrollment[secret hidden]";
    }
  }

  private final BoundedRequester requester;

  public SessionClient(Vertx vertx, long sendTimeoutMs) {
    this.requester = new BoundedRequester(vertx, sendTimeoutMs, reply -> SessionFailure.in(reply).map(SessionFailure::exception));
  }

  /** After a right password: the session, or the second factor it needs first. */
  public Future<Start> begin(RequestOrigin origin, UserRecord user, String userAgent) {
    JsonObject request = new JsonObject().put("login", user.account().login()).put("credentialVersion", user.credentialVersion())
      .put("userAgent", userAgent);
    return requester.request(SessionAddresses.BEGIN, request, origin).map(SessionClient::start);
  }

  /** The second step of a login: a TOTP code, or a recovery code. */
  public Future<SessionGrant> completeMfa(RequestOrigin origin, String mfaToken, String code, String recoveryCode, String userAgent) {
    JsonObject request = new JsonObject().put("mfaToken", mfaToken).put("userAgent", userAgent);
    if (code != null) {
      request.put("code", code);
    } else {
      request.put("recoveryCode", recoveryCode);
    }
    return requester.request(SessionAddresses.COMPLETE_MFA, request, origin).map(SessionClient::grant);
  }

  public Future<SessionGrant> refresh(RequestOrigin origin, String refreshToken) {
    return requester.request(SessionAddresses.REFRESH, new JsonObject().put("refreshToken", refreshToken), origin).map(SessionClient::grant);
  }

  /** Whether the session was live and is ended now. */
  public Future<Boolean> end(RequestOrigin origin, String login, String sessionId, String reason) {
    JsonObject request = new JsonObject().put("login", login).put("sessionId", sessionId).put("reason", reason);
    return requester.request(SessionAddresses.END, request, origin).map(reply -> reply.getBoolean("ended", false));
  }

  public Future<List<SessionView>> list(String login) {
    return requester.request(SessionAddresses.LIST, new JsonObject().put("login", login), RequestOrigin.SERVICE)
      .map(reply -> reply.getJsonArray("sessions").stream().map(session -> new SessionView((JsonObject) session)).toList());
  }

  /** The login of a live session; empty (null) when it ended or never was. */
  public Future<String> liveLogin(String sessionId) {
    return requester.request(SessionAddresses.CHECK, new JsonObject().put("sessionId", sessionId), RequestOrigin.SERVICE)
      .map(reply -> reply.getBoolean("live", false) ? reply.getString("login") : null);
  }

  public Future<Enrollment> enrollTotp(RequestOrigin origin, String login) {
    return requester.request(SessionAddresses.TOTP_ENROLL, new JsonObject().put("login", login), origin)
      .map(reply -> new Enrollment(reply.getString("secret"), reply.getString("uri")));
  }

  /** The recovery codes, once the first code of the new secret is right. */
  public Future<List<String>> confirmTotp(RequestOrigin origin, String login, String code) {
    return requester.request(SessionAddresses.TOTP_CONFIRM, new JsonObject().put("login", login).put("code", code), origin)
      .map(reply -> reply.getJsonArray("recoveryCodes").stream().map(String.class::cast).toList());
  }

  /** Whether there was a second factor to turn off. */
  public Future<Boolean> disableTotp(RequestOrigin origin, String login) {
    return requester.request(SessionAddresses.TOTP_DISABLE, new JsonObject().put("login", login), origin)
      .map(reply -> reply.getBoolean("disabled", false));
  }

  public Future<Boolean> totpEnabled(String login) {
    return requester.request(SessionAddresses.TOTP_STATUS, new JsonObject().put("login", login), RequestOrigin.SERVICE)
      .map(reply -> reply.getBoolean("enabled", false));
  }

  private static Start start(JsonObject reply) {
    JsonObject mfa = reply.getJsonObject("mfa");
    return mfa != null ? new SecondFactorNeeded(mfa.getString("mfaToken"), mfa.getLong("expiresIn")) : new Started(grant(reply));
  }

  private static SessionGrant grant(JsonObject reply) {
    return SessionGrant.fromJson(reply.getJsonObject("session"));
  }
}
