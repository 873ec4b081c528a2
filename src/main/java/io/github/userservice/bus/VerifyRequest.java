package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * {@link PasswordAddresses#VERIFY}: {@code {"password", "hash", "maxWaitMs"}}, whether the password matches the stored
 * hash, if the answer can be expected within {@code maxWaitMs} (left out: within the hasher's own budget).
 */
public record VerifyRequest(String password, String hash, long maxWaitMs) {

  public VerifyRequest {
    Objects.requireNonNull(password);
    Objects.requireNonNull(hash);
    Messages.requireWait(maxWaitMs);
  }

  /** @throws IllegalArgumentException when a field is missing or not a string */
  public static VerifyRequest fromJson(JsonObject json) {
    return new VerifyRequest(Messages.string(json, "password"), Messages.string(json, "hash"), Messages.maxWaitMs(json));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password).put("hash", hash).put("maxWaitMs", maxWaitMs);
  }

  @Override
  public String toString() {
    return "VerifyRequest[password and hash hidden]";
  }
}
