package io.github.userservice.keyring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The token signing keys, newest first. The newest key signs; every key still listed verifies. A rotation puts a new
 * key first and keeps each older key until the tokens it signed have expired ({@code retention}), so rotating never
 * logs anybody out. A value: {@link KeyRingStorage} keeps it.
 */
public record KeyRing(List<SigningKey> keys) {

  public KeyRing {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring holds at least one key");
    }
  }

  /** A ring of one new key. */
  public static KeyRing first(Instant now) {
    return new KeyRing(List.of(SigningKey.generate(now)));
  }

  public SigningKey current() {
    return keys.get(0);
  }

  /** A new signing key first, then the older keys that may still have live tokens. */
  public KeyRing rotated(Instant now, Duration retention) {
    List<SigningKey> next = new ArrayList<>();
    next.add(SigningKey.generate(now));
    for (int i = 0; i < keys.size(); i++) {
      // a key stopped signing when the key before it in the list was created
      Instant retired = i == 0 ? now : keys.get(i - 1).createdAt();
      if (retired.plus(retention).isAfter(now)) {
        next.add(keys.get(i));
      }
    }
    return new KeyRing(next);
  }

  /** Whether the signing key is {@code maxAge} old or older, and due for rotation. */
  public boolean dueForRotation(Duration maxAge, Instant now) {
    return !current().createdAt().plus(maxAge).isAfter(now);
  }

  /** With private keys: for storage and for the edges over the (mutual TLS) event bus only. */
  public JsonObject toJson() {
    return new JsonObject().put("keys", new JsonArray(keys.stream().map(SigningKey::toJson).toList()));
  }

  public static KeyRing fromJson(JsonObject json) {
    JsonArray keys = json.getJsonArray("keys");
    List<SigningKey> read = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      read.add(SigningKey.fromJson(keys.getJsonObject(i)));
    }
    return new KeyRing(read);
  }
}
