package io.github.userservice.passkey;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A passkey as the store keeps it: the credential's public key (COSE, base64url), its signature counter and backup
 * flags, and the random user handle of its user.
 */
record StoredPasskey(String id, String login, String name, String publicKey, String aaguid, long signCount, boolean backupEligible,
                     boolean backedUp, Instant createdAt, Instant lastUsedAt, String userHandle) {

  /** What its user sees: never the key. */
  JsonObject view() {
    return new JsonObject().put("id", id).put("name", name).put("createdAt", createdAt.toString())
      .put("lastUsedAt", lastUsedAt == null ? null : lastUsedAt.toString())
      .put("backupEligible", backupEligible).put("backedUp", backedUp);
  }
}
