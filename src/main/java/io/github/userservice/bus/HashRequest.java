package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * {@link PasswordAddresses#HASH}: {@code {"password", "parameters": {...}}}, a password to hash with these Argon2id
 * parameters and a fresh salt.
 */
public record HashRequest(String password, Argon2Parameters parameters) {

  public HashRequest {
    Objects.requireNonNull(password);
    Objects.requireNonNull(parameters);
  }

  /** @throws IllegalArgumentException when a field is missing or of the wrong type, or a parameter out of range */
  public static HashRequest fromJson(JsonObject json) {
    return new HashRequest(Messages.string(json, "password"), Argon2Parameters.fromJson(Messages.object(json, "parameters")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password).put("parameters", parameters.toJson());
  }

  @Override
  public String toString() {
    return "HashRequest[password hidden, " + parameters + "]";
  }
}
