package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a session or second-factor request was answered no, as the store's reply says it ({@code {"failed": name}}):
 * answers, not failures, like a wrong password, since the client acts on each differently.
 */
public enum SessionFailure {
  /** The refresh token or mfaToken is unknown, forged, expired, used, or its session ended: log in again. */
  INVALID_TOKEN("invalid-token"),
  /** The code or recovery code is wrong, or was used already. */
  WRONG_CODE("wrong-code"),
  /** Too many wrong codes in a row: codes are refused until a recovery code is used. */
  LOCKED("locked"),
  /** A confirmation with no secret waiting for it. */
  NO_ENROLLMENT("no-enrollment"),
  /** A second factor is on already. */
  ENABLED("enabled");

  private final String wireName;

  SessionFailure(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public JsonObject toJson() {
    return new JsonObject().put("failed", wireName);
  }

  /** The failure a reply carries; empty for any other reply. */
  public static Optional<SessionFailure> in(JsonObject reply) {
    Object failed = reply.getValue("failed");
    return Arrays.stream(values()).filter(failure -> failure.wireName.equals(failed)).findFirst();
  }

  /** As a caller's future fails with it. */
  public Exception exception() {
    return new SessionFailedException(this);
  }

  /** A request answered with a {@link SessionFailure}: an outcome, not an error, so no stack trace. */
  public static final class SessionFailedException extends RuntimeException {

    private final SessionFailure failure;

    SessionFailedException(SessionFailure failure) {
      super(failure.wireName, null, false, false);
      this.failure = failure;
    }

    public SessionFailure failure() {
      return failure;
    }
  }

  /** The failure a failed request carries, if that is why it failed. */
  public static Optional<SessionFailure> of(Throwable failure) {
    return failure instanceof SessionFailedException failed ? Optional.of(failed.failure()) : Optional.empty();
  }
}
