package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One security event, as the audit trail keeps it and other systems read it: when, what (its {@link AuditType} and
 * outcome), about which login, by whom ({@code actor}: the caller who proved who they are, when not the login itself,
 * e.g. an admin), from which client address, in which request, and a short {@code detail} where the type has one (an
 * import's counts). Never a password, a hash, a token or a key.
 *
 * @param id the event's place in the trail, growing; 0 before it is stored
 */
public record AuditEvent(long id, Instant time, AuditType type, String login, String actor, String clientAddress, String requestId,
                         String detail) {

  public AuditEvent {
    Objects.requireNonNull(time);
    Objects.requireNonNull(type);
  }

  /** A new event, now, in the request it happened in. */
  public static AuditEvent of(AuditType type, String login, RequestOrigin origin) {
    return new AuditEvent(0, Instant.now(), type, login, origin.actor(), origin.clientAddress(), origin.requestId(), null);
  }

  public AuditEvent withDetail(String detail) {
    return new AuditEvent(id, time, type, login, actor, clientAddress, requestId, detail);
  }

  public AuditEvent withId(long id) {
    return new AuditEvent(id, time, type, login, actor, clientAddress, requestId, detail);
  }

  /** {@code {"id","time","type","outcome","login","actor","clientAddress","requestId","detail"}}, nulls left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("time", time.toString()).put("type", type.wireName()).put("outcome", type.outcome());
    putIfPresent(json, "login", login);
    putIfPresent(json, "actor", actor);
    putIfPresent(json, "clientAddress", clientAddress);
    putIfPresent(json, "requestId", requestId);
    putIfPresent(json, "detail", detail);
    return json;
  }

  public static AuditEvent fromJson(JsonObject json) {
    return new AuditEvent(json.getLong("id", 0L), Instant.parse(json.getString("time")),
      AuditType.of(json.getString("type")).orElseThrow(() -> new IllegalArgumentException("unknown audit event type")),
      json.getString("login"), json.getString("actor"), json.getString("clientAddress"), json.getString("requestId"), json.getString("detail"));
  }

  private static void putIfPresent(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
