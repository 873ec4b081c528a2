package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

/**
 * A page of the audit trail, as {@link AuditAddresses#LIST} takes it: {@code {"after", "login", "type", "limit"}}, the
 * events after the id {@code after} (0: from the first), of this login and of this type when given, at most
 * {@code limit}, 1 to {@link UserAddresses#MAX_PAGE}.
 */
public record AuditQuery(long after, String login, AuditType type, int limit) {

  /** @throws IllegalArgumentException when a field is out of range or of the wrong type, or the type unknown */
  public AuditQuery {
    if (after < 0) {
      throw new IllegalArgumentException("'after' is an event id, never negative");
    }
    if (limit < 1 || limit > UserAddresses.MAX_PAGE) {
      throw new IllegalArgumentException("a page holds 1 to " + UserAddresses.MAX_PAGE + " events");
    }
  }

  public static AuditQuery fromJson(JsonObject json) {
    Object after = json.getValue("after", 0);
    Object login = json.getValue("login");
    Object type = json.getValue("type");
    Object limit = json.getValue("limit");
    if (!(after instanceof Integer || after instanceof Long) || !(limit instanceof Integer)
      || login != null && !(login instanceof String) || type != null && !(type instanceof String)) {
      throw new IllegalArgumentException("an audit query has a whole 'after' and 'limit', and string 'login' and 'type'");
    }
    AuditType known = type == null ? null : AuditType.of((String) type).orElseThrow(() -> new IllegalArgumentException("unknown event type"));
    return new AuditQuery(((Number) after).longValue(), (String) login, known, (Integer) limit);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("after", after).put("limit", limit);
    if (login != null) {
      json.put("login", login);
    }
    if (type != null) {
      json.put("type", type.wireName());
    }
    return json;
  }
}
