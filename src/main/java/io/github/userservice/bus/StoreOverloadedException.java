package io.github.userservice.bus;

/** The user store already has as many hashes to compute as {@link HashAdmission} allows: try again shortly. */
public final class StoreOverloadedException extends RuntimeException {

  public StoreOverloadedException() {
    super("too many password hashes pending", null, false, false);
  }
}
