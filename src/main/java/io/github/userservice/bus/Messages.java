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

  /** {@code maxWaitMs}, a whole number of milliseconds; left out, no limit of the caller's own. */
  static long maxWaitMs(JsonObject json) {
    Object value = json.getValue("maxWaitMs");
    if (value == null) {
      return Long.MAX_VALUE;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException("field 'maxWaitMs' must be a whole number");
    }
    return ((Number) value).longValue();
  }

  static void requireWait(long maxWaitMs) {
    if (maxWaitMs < 0) {
      throw new IllegalArgumentException("a wait is never negative");
    }
  }

  static JsonObject object(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonObject)) {
      throw new IllegalArgumentException("field '" + field + "' must be an object");
    }
    return json.getJsonObject(field);
  }
}
