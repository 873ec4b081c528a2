package io.github.userservice.bus;

import io.github.userservice.account.Account;
import io.vertx.core.json.JsonObject;

/**
 * An account as the store sends it over the bus: what the API shows, plus the credential version, which grows
 * with every password change so that access tokens issued before it can be refused, the user's email address, if
 * any, with whether it is verified, and whether a second factor is on. Never a hash.
 *
 * @param email       null when the user has none
 * @param totpEnabled known only where the store looked it up ({@code users.find}); false elsewhere
 */
public record UserRecord(Account account, int credentialVersion, String email, boolean emailVerified, boolean totpEnabled) {

  /** A user without an email address. */
  public UserRecord(Account account, int credentialVersion) {
    this(account, credentialVersion, null, false);
  }

  /** A user without a second factor. */
  public UserRecord(Account account, int credentialVersion, String email, boolean emailVerified) {
    this(account, credentialVersion, email, emailVerified, false);
  }

  public static UserRecord fromJson(JsonObject json) {
    return new UserRecord(Account.fromJson(json), json.getInteger("credentialVersion"), json.getString("email"),
      json.getBoolean("emailVerified", false), json.getBoolean("totpEnabled", false));
  }

  /**
   * {@code {"login", "registeredAt", "credentialVersion", "email", "emailVerified", "totpEnabled"}}, the address
   * left out without one.
   */
  public JsonObject toJson() {
    return view().put("credentialVersion", credentialVersion).put("totpEnabled", totpEnabled);
  }

  /**
   * What the API shows of the user: {@code {"login", "registeredAt"}}, and {@code "email", "emailVerified"} when it
   * has an address (a user without one is shown as before addresses existed, as clients of that API expect).
   */
  public JsonObject view() {
    JsonObject json = account.toJson();
    return email == null ? json : json.put("email", email).put("emailVerified", emailVerified);
  }

  public UserRecord withCredentialVersion(int version) {
    return new UserRecord(account, version, email, emailVerified, totpEnabled);
  }
}
