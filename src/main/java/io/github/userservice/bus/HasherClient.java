package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The typed side of {@link PasswordAddresses}, for the user store. Both operations are idempotent, so one that
 * finds no hasher or gets no answer in time is sent once more, which the bus gives to the next hasher in its round
 * robin; when that fails too, the future fails with {@link BusFailure#HASHER_UNAVAILABLE}. Other failures, such as
 * {@link BusFailure#OVERLOADED}, come as the hasher sent them.
 */
public final class HasherClient {

  private final EventBus bus;
  private final DeliveryOptions delivery;

  /** @param timeoutMs how long one attempt waits: the hashers' queue budget plus a hash, with room to spare */
  public HasherClient(Vertx vertx, long timeoutMs) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** A PHC string of the password with these parameters and a fresh salt. */
  public Future<String> hash(String password, Argon2Parameters parameters) {
    return request(PasswordAddresses.HASH, new HashRequest(password, parameters).toJson()).map(reply -> reply.getString("hash"));
  }

  /** Whether the password matches the stored hash. */
  public Future<Boolean> verify(String storedHash, String password) {
    return request(PasswordAddresses.VERIFY, new VerifyRequest(password, storedHash).toJson()).map(reply -> reply.getBoolean("matches", false));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return send(address, body)
      .recover(failure -> unanswered(failure) ? send(address, body) : Future.failedFuture(failure))
      .recover(failure -> unanswered(failure) ? Future.failedFuture(BusFailure.HASHER_UNAVAILABLE.exception()) : Future.failedFuture(failure));
  }

  private Future<JsonObject> send(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, delivery).map(Message::body);
  }

  private static boolean unanswered(Throwable failure) {
    return failure instanceof ReplyException
      && (((ReplyException) failure).failureType() == ReplyFailure.TIMEOUT || ((ReplyException) failure).failureType() == ReplyFailure.NO_HANDLERS);
  }
}
