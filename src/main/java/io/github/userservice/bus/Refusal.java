package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the store answered, and refused for a reason that comes with data the caller acts on: how long to wait,
 * or how to choose a stronger password. Sent as a reply, {@code {"refused": "throttled", "retryAfterSeconds": 4}} or
 * {@code {"refused": "weak-password", "advice": "..."}}, because a failure can carry only a code and a fixed text;
 * {@link UserStoreClient} turns it back into a {@link RefusedException}.
 */
public sealed interface Refusal {

  /**
   * Too many failed attempts for this account or from this address: nothing was checked or hashed.
   *
   * @param retryAfterSeconds whole seconds to wait, at least 1
   */
  record Throttled(long retryAfterSeconds) implements Refusal {

    public Throttled {
      if (retryAfterSeconds < 1) {
        throw new IllegalArgumentException("a throttled request waits at least a second");
      }
    }

    /** The wait rounded up to whole seconds, as {@code Retry-After} states it: a client that waits them is let in. */
    public static Throttled waiting(Duration wait) {
      return new Throttled(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
  }

  /**
   * A new password that zxcvbn judges too easy to guess.
   *
   * @param advice zxcvbn's advice, from its fixed catalogue of sentences: never the password
   */
  record WeakPassword(String advice) implements Refusal {

    public WeakPassword {
      Objects.requireNonNull(advice);
    }
  }

  default JsonObject toJson() {
    if (this instanceof Throttled throttled) {
      return new JsonObject().put("refused", "throttled").put("retryAfterSeconds", throttled.retryAfterSeconds());
    }
    return new JsonObject().put("refused", "weak-password").put("advice", ((WeakPassword) this).advice());
  }

  /** The refusal a reply carries; empty for an ordinary reply. */
  static Optional<Refusal> in(JsonObject reply) {
    Object refused = reply.getValue("refused");
    if ("throttled".equals(refused) && reply.getValue("retryAfterSeconds") instanceof Number seconds) {
      return Optional.of(new Throttled(Math.max(1, seconds.longValue())));
    }
    if ("weak-password".equals(refused) && reply.getValue("advice") instanceof String advice) {
      return Optional.of(new WeakPassword(advice));
    }
    return Optional.empty();
  }

  /** The refusal a failed request carries, if that is why it failed. */
  static Optional<Refusal> of(Throwable failure) {
    return failure instanceof RefusedException refused ? Optional.of(refused.refusal()) : Optional.empty();
  }
}
