package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

/** Reading the fields of a message body strictly: a missing field or one of another type is refused, never guessed. */
final class Messages {

  private Messages() {
  }

  static String string(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String)) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return json.getString(field);
  }

  static JsonObject object(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonObject)) {
      throw new IllegalArgumentException("field '" + field + "' must be an object");
    }
    return json.getJsonObject(field);
  }
}
