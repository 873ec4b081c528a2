package io.github.userservice.account;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the service shows of a user: the canonical login and when it registered. Never a password or hash. */
public record Account(String login, Instant registeredAt) {

  public Account {
    registeredAt = registeredAt.truncatedTo(ChronoUnit.SECONDS);
  }

  public static Account fromJson(JsonObject json) {
    return new Account(json.getString("login"), Instant.parse(json.getString("registeredAt")));
  }

  /** {@code {"login": "...", "registeredAt": "2026-11-25T18:43:39Z"}}: RFC 3339 in UTC. */
  public JsonObject toJson() {
    return new JsonObject().put("login", login).put("registeredAt", registeredAt.toString());
  }
}
