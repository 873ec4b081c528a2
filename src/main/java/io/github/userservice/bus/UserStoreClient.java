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
 * The typed side of {@link UserAddresses} for callers such as the edge's routes. Failed futures carry the
 * {@code ReplyException} as it came, for the caller to map, or a {@link RefusedException} for a reply that carries a
 * {@link Refusal}; requests that need a hash may fail {@link BusFailure#OVERLOADED} at once, when the hashers have
 * more work queued than their budget.
 *
 * <p>One per HTTP verticle, used on its event loop. It never has more than {@value #MAX_IN_FLIGHT} requests waiting
 * for the store: past that it fails {@link BusFailure#OVERLOADED} at once, so that no flood piles up in the store's
 * consumer queues, which drop what they cannot hold without telling anyone.
 */
public final class UserStoreClient {

  /** A page of users in login order, and whether more follow. */
  public record Page(List<Account> users, boolean more) {
  }

  /** A page of the audit trail, oldest first, and whether more follow. */
  public record AuditPage(List<AuditEvent> events, boolean more) {
  }

  static final int MAX_IN_FLIGHT = 256;
  private static final DeliveryOptions BACKUP_DELIVERY = new DeliveryOptions().setSendTimeout(600_000);

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final HashTiming timing;
  private int inFlight;

  /**
   * @param sendTimeoutMs how long operations that hash no password may take
   * @param timing        how long hashes take now, learned from the store's replies: operations that hash wait that long
   */
  public UserStoreClient(Vertx vertx, long sendTimeoutMs, HashTiming timing) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    this.timing = timing;
  }

  /**
   * The new account. Every request that changes something or checks a password says who it acts for
   * ({@link RequestOrigin}): the store throttles by the client's address and writes it into the audit trail. The
   * address counts in the store's registrations per address, which may refuse it ({@link Refusal.Throttled}).
   */
  public Future<UserRecord> register(RequestOrigin origin, String login, String password) {
    return register(origin, login, password, null);
  }

  /** With an email address (or null): it is stored unverified, and a verification mail goes to it. */
  public Future<UserRecord> register(RequestOrigin origin, String login, String password, String email) {
    JsonObject request = credentials(login, password);
    if (email != null) {
      request.put("email", email);
    }
    return request(UserAddresses.REGISTER, request, origin, hashing(HashTiming.REGISTRATION_HASHES)).map(UserRecord::fromJson);
  }

  /** The user with its new, unverified address ({@link AccountMailAddresses#CHANGE_EMAIL}). */
  public Future<UserRecord> changeEmail(RequestOrigin origin, String login, String email) {
    return request(AccountMailAddresses.CHANGE_EMAIL, new JsonObject().put("login", login).put("email", email), origin, delivery)
      .map(UserRecord::fromJson);
  }

  public Future<Void> resendVerification(RequestOrigin origin, String login) {
    return request(AccountMailAddresses.RESEND_VERIFICATION, new JsonObject().put("login", login), origin, delivery).mapEmpty();
  }

  /** The login whose address the token verified. */
  public Future<String> verifyEmail(RequestOrigin origin, String token) {
    return request(AccountMailAddresses.VERIFY_EMAIL, new JsonObject().put("token", token), origin, delivery).map(reply -> reply.getString("login"));
  }

  /** Done once counted and stored: whether the account exists is not known to anyone who waits on this. */
  public Future<Void> requestPasswordReset(RequestOrigin origin, JsonObject loginOrEmail) {
    return request(AccountMailAddresses.REQUEST_PASSWORD_RESET, loginOrEmail, origin, delivery).mapEmpty();
  }

  /** The user with its new credential version. */
  public Future<UserRecord> resetPassword(RequestOrigin origin, String token, String newPassword) {
    return request(AccountMailAddresses.RESET_PASSWORD, new JsonObject().put("token", token).put("newPassword", newPassword), origin,
      hashing(HashTiming.REGISTRATION_HASHES)).map(UserRecord::fromJson);
  }

  /**
   * The user when the password is right; empty for a wrong password and for an unknown login alike. The client's
   * address counts in the store's throttle, which may refuse it ({@link Refusal.Throttled}) before any hash.
   */
  public Future<Optional<UserRecord>> authenticate(RequestOrigin origin, String login, String password) {
    return request(UserAddresses.AUTHENTICATE, credentials(login, password), origin, hashing(HashTiming.LOGIN_HASHES)).map(reply ->
      reply.getBoolean("authenticated", false)
        ? Optional.of(UserRecord.fromJson(reply.getJsonObject("account")))
        : Optional.empty());
  }

  /** The user with its new credential version; a wrong current password counts in the throttle, like a failed login. */
  public Future<UserRecord> changePassword(RequestOrigin origin, String login, String currentPassword, String newPassword) {
    JsonObject request = new JsonObject().put("login", login).put("currentPassword", currentPassword).put("newPassword", newPassword);
    return request(UserAddresses.CHANGE_PASSWORD, request, origin, hashing(HashTiming.PASSWORD_CHANGE_HASHES)).map(UserRecord::fromJson);
  }

  public Future<Void> delete(RequestOrigin origin, String login) {
    return request(UserAddresses.DELETE, new JsonObject().put("login", login), origin, delivery).mapEmpty();
  }

  public Future<UserRecord> find(String login) {
    return request(UserAddresses.FIND, new JsonObject().put("login", login), RequestOrigin.SERVICE, delivery).map(UserRecord::fromJson);
  }

  public Future<Page> list(PageRequest wanted) {
    return request(UserAddresses.LIST, wanted.toJson(), RequestOrigin.SERVICE, delivery).map(reply -> {
      JsonArray users = reply.getJsonArray("users");
      List<Account> page = users.stream().map(user -> Account.fromJson((JsonObject) user)).toList();
      return new Page(page, reply.getBoolean("more"));
    });
  }

  /**
   * Per user of the batch, in order, what became of it: {@code {"result":"created"}}, {@code {"result":"skipped",
   * "reason"}} or {@code {"result":"refused","reason"}}.
   */
  public Future<List<JsonObject>> importUsers(RequestOrigin origin, List<JsonObject> users) {
    return request(UserAddresses.IMPORT, new JsonObject().put("users", new JsonArray(users)), origin, delivery)
      .map(reply -> reply.getJsonArray("results").stream().map(JsonObject.class::cast).toList());
  }

  /** A snapshot of every user, with their hashes, to be read page by page. */
  public Future<UserExport> export(RequestOrigin origin) {
    return request(UserAddresses.EXPORT, new JsonObject(), origin, delivery).map(reply -> new UserExport(bus, reply.getString("address"), delivery));
  }

  /** An online backup of the database on the store node: the file's name and size. Given minutes: it copies every user. */
  public Future<JsonObject> backup(RequestOrigin origin) {
    return bus.<JsonObject>request(UserAddresses.BACKUP, new JsonObject(), origin.addTo(new DeliveryOptions(BACKUP_DELIVERY))).map(Message::body);
  }

  /** A page of the audit trail. */
  public Future<AuditPage> auditEvents(AuditQuery query) {
    return request(AuditAddresses.LIST, query.toJson(), RequestOrigin.SERVICE, delivery).map(reply -> new AuditPage(
      reply.getJsonArray("events").stream().map(event -> AuditEvent.fromJson((JsonObject) event)).toList(), reply.getBoolean("more")));
  }

  private DeliveryOptions hashing(int hashes) {
    return new DeliveryOptions().setSendTimeout(timing.storeWaitMillis(hashes));
  }

  private Future<JsonObject> request(String address, JsonObject body, RequestOrigin origin, DeliveryOptions options) {
    if (inFlight >= MAX_IN_FLIGHT) {
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    inFlight++;
    return bus.<JsonObject>request(address, body, origin.addTo(new DeliveryOptions(options)))
      .andThen(done -> inFlight--)
      .onSuccess(timing::learn)
      .compose(reply -> Refusal.in(reply.body())
        .map(refusal -> Future.<JsonObject>failedFuture(new RefusedException(refusal)))
        .orElseGet(() -> Future.succeededFuture(reply.body())));
  }

  private static JsonObject credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password);
  }
}
