package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a passkey request was answered no, as the store's reply says it ({@code {"failed": name}}): answers, not
 * failures, since the client acts on each differently.
 */
public enum PasskeyFailure {
  /**
   * The credential was not accepted: unknown, malformed, signed over a challenge that is unknown, used, expired or
   * another session's, for another origin or relying party, without user verification, or with a counter gone back.
   */
  INVALID_CREDENTIAL("invalid-credential"),
  /** Registering needs a login within the last minutes, or the password again. */
  REAUTHENTICATION_REQUIRED("reauthentication-required"),
  /** This credential is registered already. */
  ALREADY_REGISTERED("already-registered"),
  /** No such passkey for this user. */
  NOT_FOUND("not-found");

  private final String wireName;

  PasskeyFailure(String wireName) {
    this.wireName = wireName;
  }

  public JsonObject toJson() {
    return new JsonObject().put("failed", wireName);
  }

  /** The failure a reply carries; empty for any other reply. */
  public static Optional<PasskeyFailure> in(JsonObject reply) {
    Object failed = reply.getValue("failed");
    return Arrays.stream(values()).filter(failure -> failure.wireName.equals(failed)).findFirst();
  }

  public Exception exception() {
    return new PasskeyFailedException(this);
  }

  /** A request answered with a {@link PasskeyFailure}: an outcome, not an error, so no stack trace. */
  public static final class PasskeyFailedException extends RuntimeException {

    private final PasskeyFailure failure;

    PasskeyFailedException(PasskeyFailure failure) {
      super(failure.wireName, null, false, false);
      this.failure = failure;
    }

    public PasskeyFailure failure() {
      return failure;
    }
  }

  public static Optional<PasskeyFailure> of(Throwable failure) {
    return failure instanceof PasskeyFailedException failed ? Optional.of(failed.failure()) : Optional.empty();
  }
}
