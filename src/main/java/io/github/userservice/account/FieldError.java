package io.github.userservice.account;

import io.vertx.core.json.JsonObject;

/** One broken rule of a request: which field, and a message safe to show to the caller. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
