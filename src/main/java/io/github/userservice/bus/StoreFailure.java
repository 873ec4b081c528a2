package io.github.userservice.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Optional;

/** Failure codes of the user store's replies. The numbers are part of the event-bus contract: never reuse one. */
public enum StoreFailure {
  LOGIN_TAKEN(1, "login taken"),
  INVALID_REQUEST(2, "invalid request"),
  STORAGE_ERROR(3, "storage error"),
  NOT_FOUND(4, "not found"),
  /** The message is zxcvbn's advice, from its fixed catalogue of sentences: never the password. */
  WEAK_PASSWORD(5, "password too easy to guess"),
  /** A password change whose current password is wrong (or whose login is unknown: the same answer). */
  WRONG_PASSWORD(6, "wrong password");

  private final int code;
  private final String message;

  StoreFailure(int code, String message) {
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

  /** The failure as the store replies it, with the fixed text. */
  public ReplyException exception() {
    return exception(message);
  }

  public ReplyException exception(String text) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, text);
  }

  /** Whether a failed store request failed with this code. */
  public boolean matches(Throwable failure) {
    return failure instanceof ReplyException && ((ReplyException) failure).failureCode() == code;
  }

  public static Optional<StoreFailure> of(int code) {
    for (StoreFailure failure : values()) {
      if (failure.code == code) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }
}
