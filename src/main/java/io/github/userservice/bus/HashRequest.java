package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * {@link PasswordAddresses#HASH}: {@code {"password", "parameters": {...}, "maxWaitMs"}}, a password to hash with these
 * Argon2id parameters and a fresh salt, if its answer can be expected within {@code maxWaitMs} (left out: within the
 * hasher's own budget).
 */
public record HashRequest(String password, Argon2Parameters parameters, long maxWaitMs) {

  public HashRequest {
    Objects.requireNonNull(password);
    Objects.requireNonNull(parameters);
    Messages.requireWait(maxWaitMs);
  }

  /** @throws IllegalArgumentException when a field is missing or of the wrong type, or a parameter out of range */
  public static HashRequest fromJson(JsonObject json) {
    return new HashRequest(Messages.string(json, "password"), Argon2Parameters.fromJson(Messages.object(json, "parameters")),
      Messages.maxWaitMs(json));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password).put("parameters", parameters.toJson()).put("maxWaitMs", maxWaitMs);
  }

  @Override
  public String toString() {
    return "HashRequest[password hidden, " + parameters + ", maxWaitMs=" + maxWaitMs + "]";
  }
}
