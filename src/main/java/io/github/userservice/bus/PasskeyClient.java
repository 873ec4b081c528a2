package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The typed side of {@link PasskeyAddresses} for the edge's routes. A {@link PasskeyFailure} answer fails the future
 * with {@link PasskeyFailure.PasskeyFailedException}, a limit reached with a {@link RefusedException}; bus failures
 * come as the {@code ReplyException}s they are. Like {@link SessionClient} it never has more than
 * {@value BoundedRequester#MAX_IN_FLIGHT} requests waiting.
 */
public final class PasskeyClient {

  private final BoundedRequester requester;

  public PasskeyClient(Vertx vertx, long sendTimeoutMs) {
    this.requester = new BoundedRequester(vertx, sendTimeoutMs, reply -> PasskeyFailure.in(reply).map(PasskeyFailure::exception));
  }

  /** The creation options for the session's user; {@code passwordChecked} when the request proved the password again. */
  public Future<JsonObject> registrationOptions(RequestOrigin origin, String login, String sessionId, boolean passwordChecked) {
    JsonObject request = new JsonObject().put("login", login).put("sessionId", sessionId).put("passwordChecked", passwordChecked);
    return requester.request(PasskeyAddresses.REGISTRATION_OPTIONS, request, origin).map(reply -> reply.getJsonObject("options"));
  }

  /** The passkey registered: {@code {"id","name","createdAt",...}}. */
  public Future<JsonObject> register(RequestOrigin origin, String login, String sessionId, JsonObject credential, String name) {
    JsonObject request = new JsonObject().put("login", login).put("sessionId", sessionId).put("credential", credential).put("name", name);
    return requester.request(PasskeyAddresses.REGISTER, request, origin).map(reply -> reply.getJsonObject("passkey"));
  }

  public Future<JsonObject> loginOptions(RequestOrigin origin) {
    return requester.request(PasskeyAddresses.LOGIN_OPTIONS, new JsonObject(), origin).map(reply -> reply.getJsonObject("options"));
  }

  public Future<SessionGrant> login(RequestOrigin origin, JsonObject credential, String userAgent) {
    JsonObject request = new JsonObject().put("credential", credential).put("userAgent", userAgent);
    return requester.request(PasskeyAddresses.LOGIN, request, origin).map(reply -> SessionGrant.fromJson(reply.getJsonObject("session")));
  }

  public Future<JsonArray> list(String login) {
    return requester.request(PasskeyAddresses.LIST, new JsonObject().put("login", login), RequestOrigin.SERVICE)
      .map(reply -> reply.getJsonArray("passkeys"));
  }

  public Future<JsonObject> rename(RequestOrigin origin, String login, String id, String name) {
    return requester.request(PasskeyAddresses.RENAME, new JsonObject().put("login", login).put("id", id).put("name", name), origin)
      .map(reply -> reply.getJsonObject("passkey"));
  }

  /** Whether there was such a passkey to delete. */
  public Future<Boolean> delete(RequestOrigin origin, String login, String id) {
    return requester.request(PasskeyAddresses.DELETE, new JsonObject().put("login", login).put("id", id), origin)
      .map(reply -> reply.getBoolean("deleted", false));
  }
}
