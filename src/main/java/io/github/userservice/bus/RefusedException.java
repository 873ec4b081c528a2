package io.github.userservice.bus;

import java.util.Objects;

/**
 * A request refused with a {@link Refusal}: how the store's operations end when they refuse, and how a caller's
 * future fails when the reply says so. An outcome, not an error: no stack trace.
 */
public final class RefusedException extends RuntimeException {

  private final transient Refusal refusal;

  public RefusedException(Refusal refusal) {
    super(refusal.getClass().getSimpleName(), null, false, false);
    this.refusal = Objects.requireNonNull(refusal);
  }

  public Refusal refusal() {
    return refusal;
  }
}
