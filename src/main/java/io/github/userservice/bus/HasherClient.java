package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.function.LongFunction;

/**
 * The typed side of {@link PasswordAddresses}, for the user store. Every request waits what the operation's
 * {@link HashBudget} has left, at most one {@link HashTiming#attemptMillis() attempt}, and tells the hasher how long
 * its hash may wait for a thread, so that a hasher admits only what it can answer in time. Both operations are
 * idempotent, so one that finds no hasher or gets no answer in time is sent once more while the budget lasts, which
 * the bus gives to the next hasher in its round robin; when that fails too, the future fails with
 * {@link BusFailure#HASHER_UNAVAILABLE}. A budget spent before a hash could be asked fails {@link BusFailure#OVERLOADED}.
 * Other failures come as the hasher sent them. Each answer's hash time is learned by the {@link HashTiming}.
 */
public final class HasherClient {

  private final EventBus bus;
  private final HashTiming timing;

  public HasherClient(Vertx vertx, HashTiming timing) {
    this.bus = vertx.eventBus();
    this.timing = timing;
  }

  /** A PHC string of the password with these parameters and a fresh salt. */
  public Future<String> hash(String password, Argon2Parameters parameters, HashBudget budget) {
    return request(PasswordAddresses.HASH, budget, wait -> new HashRequest(password, parameters, wait).toJson())
      .map(reply -> reply.getString("hash"));
  }

  /** Whether the password matches the stored hash. */
  public Future<Boolean> verify(String storedHash, String password, HashBudget budget) {
    return request(PasswordAddresses.VERIFY, budget, wait -> new VerifyRequest(password, storedHash, wait).toJson())
      .map(reply -> reply.getBoolean("matches", false));
  }

  private Future<JsonObject> request(String address, HashBudget budget, LongFunction<JsonObject> body) {
    return send(address, budget, body)
      .recover(failure -> unanswered(failure) && budget.remainingMillis() > 0 ? send(address, budget, body) : Future.failedFuture(failure))
      .recover(failure -> unanswered(failure) ? Future.failedFuture(BusFailure.HASHER_UNAVAILABLE.exception()) : Future.failedFuture(failure));
  }

  /** One attempt: it waits what is left, and the hasher may let the hash wait that, less the hash's own margin. */
  private Future<JsonObject> send(String address, HashBudget budget, LongFunction<JsonObject> body) {
    long remaining = Math.min(budget.remainingMillis(), timing.attemptMillis());
    if (remaining <= 0) {
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    long maxWait = Math.max(0, remaining - timing.marginMillis());
    return bus.<JsonObject>request(address, body.apply(maxWait), new DeliveryOptions().setSendTimeout(remaining))
      .onSuccess(timing::learn)
      .map(Message::body);
  }

  private static boolean unanswered(Throwable failure) {
    return failure instanceof ReplyException
      && (((ReplyException) failure).failureType() == ReplyFailure.TIMEOUT || ((ReplyException) failure).failureType() == ReplyFailure.NO_HANDLERS);
  }
}
