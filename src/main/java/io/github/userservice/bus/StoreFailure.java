package io.github.userservice.bus;

import java.util.Optional;

/** Failure codes of the user store's replies. The numbers are part of the event-bus contract: never reuse one. */
public enum StoreFailure {
  LOGIN_TAKEN(1, "login taken"),
  INVALID_REQUEST(2, "invalid request"),
  STORAGE_ERROR(3, "storage error"),
  NOT_FOUND(4, "not found"),
  /** The message is zxcvbn's advice, from its fixed catalogue of sentences: never the password. */
  WEAK_PASSWORD(5, "password too easy to guess");

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

  public static Optional<StoreFailure> of(int code) {
    for (StoreFailure failure : values()) {
      if (failure.code == code) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }
}
