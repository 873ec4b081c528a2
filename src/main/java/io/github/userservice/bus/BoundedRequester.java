package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.function.Function;

/**
 * Sends a client's JSON requests with its send timeout, never more than {@value #MAX_IN_FLIGHT} waiting at once: past
 * that it fails {@link BusFailure#OVERLOADED} at once, so that no flood piles up in the consumers' queues. A reply that
 * says no fails the future too: with a {@link RefusedException} for a {@link Refusal}, or with the exception the
 * client's own failure type makes of it. Bus failures come as the {@code ReplyException}s they are. Used on one event
 * loop, so the count needs no lock.
 */
final class BoundedRequester {

  static final int MAX_IN_FLIGHT = 256;

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final Function<JsonObject, Optional<Exception>> failureIn;
  private int inFlight;

  /** @param failureIn the exception for a reply that carries the client's failure type; empty for any other reply */
  BoundedRequester(Vertx vertx, long sendTimeoutMs, Function<JsonObject, Optional<Exception>> failureIn) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    this.failureIn = failureIn;
  }

  Future<JsonObject> request(String address, JsonObject body, RequestOrigin origin) {
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
        return failureIn.apply(answer).<Future<JsonObject>>map(Future::failedFuture)
          .orElseGet(() -> Future.succeededFuture(answer));
      });
  }
}
