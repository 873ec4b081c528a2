package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/** {@link PasswordAddresses#VERIFY}: {@code {"password", "hash"}}, whether the password matches the stored hash. */
public record VerifyRequest(String password, String hash) {

  public VerifyRequest {
    Objects.requireNonNull(password);
    Objects.requireNonNull(hash);
  }

  /** @throws IllegalArgumentException when a field is missing or not a string */
  public static VerifyRequest fromJson(JsonObject json) {
    return new VerifyRequest(Messages.string(json, "password"), Messages.string(json, "hash"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password).put("hash", hash);
  }

  @Override
  public String toString() {
    return "VerifyRequest[password and hash hidden]";
  }
}
