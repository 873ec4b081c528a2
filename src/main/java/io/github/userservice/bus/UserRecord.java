package io.github.userservice.bus;

import io.github.userservice.account.Account;
import io.vertx.core.json.JsonObject;

/**
 * An account as the store sends it over the bus: what the API shows, plus the credential version, which grows
 * with every password change so that access tokens issued before it can be refused. Never a hash.
 */
public record UserRecord(Account account, int credentialVersion) {

  public static UserRecord fromJson(JsonObject json) {
    return new UserRecord(Account.fromJson(json), json.getInteger("credentialVersion"));
  }

  /** {@code {"login", "registeredAt", "credentialVersion"}} */
  public JsonObject toJson() {
    return account.toJson().put("credentialVersion", credentialVersion);
  }
}
