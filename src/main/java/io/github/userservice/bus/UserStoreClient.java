package io.github.userservice.bus;

import io.github.userservice.account.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * The typed side of {@link UserAddresses} for callers: the HTTP verticle uses only this class to reach
 * the store. Failed futures carry the {@code ReplyException} as it came, for the caller to map. Requests that
 * make the store hash a password first take a place in the {@link HashAdmission}, or fail at once with
 * {@link StoreOverloadedException}.
 */
public final class UserStoreClient {

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final HashAdmission admission;

  public UserStoreClient(Vertx vertx, long sendTimeoutMs, HashAdmission admission) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    this.admission = Objects.requireNonNull(admission);
  }

  public Future<Account> register(String login, String password) {
    return hashing(UserAddresses.REGISTER, credentials(login, password)).map(Account::fromJson);
  }

  /** The account when the password is right; empty for a wrong password and for an unknown login alike. */
  public Future<Optional<Account>> authenticate(String login, String password) {
    return hashing(UserAddresses.AUTHENTICATE, credentials(login, password)).map(reply ->
      reply.getBoolean("authenticated", false)
        ? Optional.of(Account.fromJson(reply.getJsonObject("account")))
        : Optional.empty());
  }

  public Future<Account> find(String login) {
    return request(UserAddresses.FIND, new JsonObject().put("login", login)).map(Account::fromJson);
  }

  public Future<Void> ping(long timeoutMs) {
    return bus.<JsonObject>request(UserAddresses.PING, new JsonObject(), new DeliveryOptions().setSendTimeout(timeoutMs))
      .mapEmpty();
  }

  private Future<JsonObject> hashing(String address, JsonObject body) {
    if (!admission.tryAcquire()) {
      return Future.failedFuture(new StoreOverloadedException());
    }
    return request(address, body).andThen(done -> admission.release());
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, delivery).map(Message::body);
  }

  private static JsonObject credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password);
  }
}
