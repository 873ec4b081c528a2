package io.github.userservice.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Optional;

/**
 * Failure codes of the replies on the service's event bus, the user store's and the hashers'. The numbers are part of
 * the event-bus contract ({@code docs/event-bus.md}): never reuse one. 5 and 9 were a weak password and a throttled
 * attempt, which are now {@link Refusal}s in the reply, since they carry data (zxcvbn's advice, the seconds to wait).
 */
public enum BusFailure {
  LOGIN_TAKEN(1, "login taken"),
  INVALID_REQUEST(2, "invalid request"),
  STORAGE_ERROR(3, "storage error"),
  NOT_FOUND(4, "not found"),
  /** A password change whose current password is wrong (or whose login is unknown: the same answer). */
  WRONG_PASSWORD(6, "wrong password"),
  /** A hasher would make this hash wait longer than its budget: nothing was computed; try again shortly. */
  OVERLOADED(7, "overloaded"),
  /** No hasher answered in time, after one retry on another: nothing is known about the password. */
  HASHER_UNAVAILABLE(8, "no hasher available"),
  /** The database has no such operation (an online backup of PostgreSQL: that is pg_dump's job). */
  UNSUPPORTED(10, "not supported by this database"),
  /** Another account has this email address (in any case). */
  EMAIL_TAKEN(11, "email taken"),
  /** A reset or verification token that is unknown, used, expired or voided: the same failure for all four. */
  INVALID_TOKEN(12, "invalid token"),
  /** The store node has no {@code mail.host}: nothing that sends mail is done. */
  MAIL_NOT_CONFIGURED(13, "mail not configured");

  private final int code;
  private final String message;

  BusFailure(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  /** The text sent with the code: safe to show, never built from input or an exception. */
  public String message() {
    return message;
  }

  /** The failure as a consumer replies it, with the fixed text. */
  public ReplyException exception() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
  }

  /** Whether a failed request failed with this code. */
  public boolean matches(Throwable failure) {
    return failure instanceof ReplyException && ((ReplyException) failure).failureType() == ReplyFailure.RECIPIENT_FAILURE
      && ((ReplyException) failure).failureCode() == code;
  }

  public static Optional<BusFailure> of(int code) {
    for (BusFailure failure : values()) {
      if (failure.code == code) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }
}
