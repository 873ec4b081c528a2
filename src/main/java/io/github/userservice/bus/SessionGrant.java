package io.github.userservice.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * A session the store started or refreshed, as it answers: what the edge needs to sign an access token for it and to
 * hand the client its refresh token.
 *
 * @param refreshExpiresIn seconds until the refresh token can no longer be used, by idleness or by the session's
 *                         maximum age, whichever comes first
 * @param amr              the authentication methods the session's login passed (RFC 8176): {@code ["pwd"]} or
 *                         {@code ["pwd","otp"]}
 * @param user             whose session, with the credential version its access tokens must carry
 */
public record SessionGrant(String sessionId, String refreshToken, long refreshExpiresIn, List<String> amr, UserRecord user) {

  public SessionGrant {
    Objects.requireNonNull(sessionId);
    Objects.requireNonNull(refreshToken);
    amr = List.copyOf(amr);
    Objects.requireNonNull(user);
  }

  /** {@code {"sessionId","refreshToken","refreshExpiresIn","amr","user"}} */
  public JsonObject toJson() {
    return new JsonObject().put("sessionId", sessionId).put("refreshToken", refreshToken).put("refreshExpiresIn", refreshExpiresIn)
      .put("amr", new JsonArray(amr)).put("user", user.toJson());
  }

  public static SessionGrant fromJson(JsonObject json) {
    return new SessionGrant(json.getString("sessionId"), json.getString("refreshToken"), json.getLong("refreshExpiresIn"),
      json.getJsonArray("amr").stream().map(String.class::cast).toList(), UserRecord.fromJson(json.getJsonObject("user")));
  }

  @Override
  public String toString() {
    return "SessionGrant[" + sessionId + ", refresh token hidden]";
  }
}
