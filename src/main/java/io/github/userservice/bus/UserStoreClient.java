package io.github.userservice.bus;

import io.github.userservice.account.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The typed side of {@link UserAddresses} for callers: the HTTP verticle uses only this class to reach
 * the store. Failed futures carry the {@code ReplyException} as it came, for the caller to map; requests that need a
 * hash may fail {@link BusFailure#OVERLOADED} at once, when the hashers have more work queued than their budget.
 */
public final class UserStoreClient {

  /** A page of users in login order, and whether more follow. */
  public record Page(List<Account> users, boolean more) {
  }

  private final EventBus bus;
  private final DeliveryOptions delivery;

  public UserStoreClient(Vertx vertx, long sendTimeoutMs) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
  }

  public Future<Account> register(String login, String password) {
    return request(UserAddresses.REGISTER, credentials(login, password)).map(Account::fromJson);
  }

  /** The user when the password is right; empty for a wrong password and for an unknown login alike. */
  public Future<Optional<UserRecord>> authenticate(String login, String password) {
    return request(UserAddresses.AUTHENTICATE, credentials(login, password)).map(reply ->
      reply.getBoolean("authenticated", false)
        ? Optional.of(UserRecord.fromJson(reply.getJsonObject("account")))
        : Optional.empty());
  }

  /** The user with its new credential version. */
  public Future<UserRecord> changePassword(String login, String currentPassword, String newPassword) {
    JsonObject request = new JsonObject().put("login", login).put("currentPassword", currentPassword).put("newPassword", newPassword);
    return request(UserAddresses.CHANGE_PASSWORD, request).map(UserRecord::fromJson);
  }

  public Future<Void> delete(String login) {
    return request(UserAddresses.DELETE, new JsonObject().put("login", login)).mapEmpty();
  }

  public Future<UserRecord> find(String login) {
    return request(UserAddresses.FIND, new JsonObject().put("login", login)).map(UserRecord::fromJson);
  }

  public Future<Page> list(String after, int limit) {
    return request(UserAddresses.LIST, new JsonObject().put("after", after).put("limit", limit)).map(reply -> {
      JsonArray users = reply.getJsonArray("users");
      List<Account> page = users.stream().map(user -> Account.fromJson((JsonObject) user)).toList();
      return new Page(page, reply.getBoolean("more"));
    });
  }

  /** A worker's answer; with {@code database}, after the worker ran a trivial query. */
  public Future<Void> ping(long timeoutMs, boolean database) {
    return bus.<JsonObject>request(UserAddresses.PING, new JsonObject().put("database", database),
      new DeliveryOptions().setSendTimeout(timeoutMs)).mapEmpty();
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, delivery).map(Message::body);
  }

  private static JsonObject credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password);
  }
}
