package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The typed side of {@link PasskeyAddresses} for the edge's routes. A {@link PasskeyFailure} answer fails the future
 * with {@link PasskeyFailure.PasskeyFailedException}, a limit reached with a {@link RefusedException}; bus failures
 * come as the {@code ReplyException}s they are. Like {@link SessionClient} it never has more than
 * {@value #MAX_IN_FLIGHT} requests waiting.
 */
public final class PasskeyClient {

  static final int MAX_IN_FLIGHT = 256;

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private int inFlight;

  public PasskeyClient(Vertx vertx, long sendTimeoutMs) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
  }

  /** The creation options for the session's user; {@code passwordChecked} when the request proved the password again. */
  public Future<JsonObject> registrationOptions(RequestOrigin origin, String login, String sessionId, boolean passwordChecked) {
    JsonObject request = new JsonObject().put("login", login).put("sessionId", sessionId).put("passwordChecked", passwordChecked);
    return request(PasskeyAddresses.REGISTRATION_OPTIONS, request, origin).map(reply -> reply.getJsonObject("options"));
  }

  /** The passkey registered: {@code {"id","name","createdAt",...}}. */
  public Future<JsonObject> register(RequestOrigin origin, String login, String sessionId, JsonObject credential, String name) {
    JsonObject request = new JsonObject().put("login", login).put("sessionId", sessionId).put("credential", credential).put("name", name);
    return request(PasskeyAddresses.REGISTER, request, origin).map(reply -> reply.getJsonObject("passkey"));
  }

  public Future<JsonObject> loginOptions(RequestOrigin origin) {
    return request(PasskeyAddresses.LOGIN_OPTIONS, new JsonObject(), origin).map(reply -> reply.getJsonObject("options"));
  }

  public Future<SessionGrant> login(RequestOrigin origin, JsonObject credential, String userAgent) {
    JsonObject request = new JsonObject().put("credential", credential).put("userAgent", userAgent);
    return request(PasskeyAddresses.LOGIN, request, origin).map(reply -> SessionGrant.fromJson(reply.getJsonObject("session")));
  }

  public Future<JsonArray> list(String login) {
    return request(PasskeyAddresses.LIST, new JsonObject().put("login", login), RequestOrigin.SERVICE)
      .map(reply -> reply.getJsonArray("passkeys"));
  }

  public Future<JsonObject> rename(RequestOrigin origin, String login, String id, String name) {
    return request(PasskeyAddresses.RENAME, new JsonObject().put("login", login).put("id", id).put("name", name), origin)
      .map(reply -> reply.getJsonObject("passkey"));
  }

  /** Whether there was such a passkey to delete. */
  public Future<Boolean> delete(RequestOrigin origin, String login, String id) {
    return request(PasskeyAddresses.DELETE, new JsonObject().put("login", login).put("id", id), origin)
      .map(reply -> reply.getBoolean("deleted", false));
  }

  private Future<JsonObject> request(String address, JsonObject body, RequestOrigin origin) {
    if (inFlight >= MAX_IN_FLIGHT) {
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    inFlight++;
    return bus.<JsonObject>request(address, body, origin.addTo(new DeliveryOptions(delivery)))
      .andThen(done -> inFlight--)
      .compose(reply -> {
        JsonObject answer = reply.body();
        Optional<Refusal> refusal = Refusal.in(answer);
        if (refusal.isPresent()) {
          return Future.failedFuture(new RefusedException(refusal.get()));
        }
        return PasskeyFailure.in(answer).<Future<JsonObject>>map(failure -> Future.failedFuture(failure.exception()))
          .orElseGet(() -> Future.succeededFuture(answer));
      });
  }
}
