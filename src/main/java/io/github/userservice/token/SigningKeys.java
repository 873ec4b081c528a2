package io.github.userservice.token;

import io.github.userservice.bus.KeyAddresses;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.keyring.KeyRing;
import io.github.userservice.keyring.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * An edge's copy of the signing keys that the store keeps ({@code KeyRingVerticle}): fetched at start, fetched again
 * whenever the keeper announces a change, and retried every two seconds while no keeper answers (an edge may start
 * before any store node). Until the first answer there are none: logins and token checks are then unavailable.
 * Thread-safe; one per process.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final long RETRY_MS = 2_000;
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private volatile List<SigningKey> keys = List.of();

  private SigningKeys(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx);
  }

  /** Keys not asked for yet: none until {@link #load()} had an answer. */
  public static SigningKeys of(Vertx vertx) {
    return new SigningKeys(vertx);
  }

  /**
   * Subscribes to the keeper's announcements and asks it for the keys once; completes after that first answer or
   * failure (then it keeps asking in the background).
   */
  public Future<Void> load() {
    return vertx.eventBus().consumer(KeyAddresses.CHANGED, changed -> fetch())
      .completion()
      .compose(subscribed -> fetchOrRetry());
  }

  /** Newest first, the first one signs; empty until the keeper first answered. The list changes identity at every change. */
  public List<SigningKey> keys() {
    return keys;
  }

  public boolean loaded() {
    return !keys.isEmpty();
  }

  /**
   * Asks the keeper for a new signing key, on behalf of {@code origin} (the audit trail says who), and has it here
   * before answering: the next token this edge signs uses it.
   */
  public Future<SigningKey> rotate(RequestOrigin origin) {
    return vertx.eventBus().request(KeyAddresses.ROTATE, new JsonObject(), origin.addTo(new DeliveryOptions(REQUEST)))
      .compose(rotated -> fetch())
      .map(fetched -> keys.get(0));
  }

  private Future<Void> fetchOrRetry() {
    return fetch().recover(unanswered -> {
      LOG.info("no store node gave the token signing keys yet ({}); asking again every {} ms", unanswered.getMessage(), RETRY_MS);
      vertx.setTimer(RETRY_MS, tick -> fetchOrRetryQuietly());
      return Future.succeededFuture();
    });
  }

  private void fetchOrRetryQuietly() {
    fetch().onFailure(unanswered -> vertx.setTimer(RETRY_MS, tick -> fetchOrRetryQuietly()));
  }

  private Future<Void> fetch() {
    return vertx.eventBus().<JsonObject>request(KeyAddresses.GET, new JsonObject(), REQUEST)
      .map(reply -> {
        keys = KeyRing.fromJson(reply.body()).keys();
        return null;
      });
  }
}
