package io.github.userservice.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a registration and a login are on the wire. user-service: {@code POST /user/} and {@code POST /login} with JSON
 * credentials. Keycloak: a login is the direct-access grant ({@code POST /realms/R/protocol/openid-connect/token},
 * grant_type=password, form-encoded, 200 with tokens, 401 on a wrong password); a registration is the admin API's user
 * creation with a password ({@code POST /admin/realms/R/users}, 201), with an admin's access token.
 */
interface Api {

  Req register(String login);

  Req login(String login, String password, String kind);

  static Api of(Map<String, String> args) {
    return "keycloak".equals(args.get("api"))
      ? new Keycloak(args.getOrDefault("realm", "bench"), args.getOrDefault("client", "bench"), args.getOrDefault("admin-token", ""))
      : new UserService();
  }

  /** The service under test. */
  final class UserService implements Api {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Override
    public Req register(String login) {
      return new Req("/user/", credentials(login, LoadClient.PASSWORD), "reg", login, JSON);
    }

    @Override
    public Req login(String login, String password, String kind) {
      return new Req("/login", credentials(login, password), kind, login, JSON);
    }

    private static Buffer credentials(String login, String password) {
      return new JsonObject().put("login", login).put("password", password).toBuffer();
    }
  }

  /** Keycloak, measured side by side. */
  record Keycloak(String realm, String client, String adminToken) implements Api {
    @Override
    public Req register(String login) {
      // a complete profile: without e-mail and names Keycloak 26 asks the user to complete it, and refuses the password grant
      JsonObject user = new JsonObject().put("username", login).put("enabled", true).put("firstName", "Bench").put("lastName", login)
        .put("email", login.toLowerCase() + "@bench.invalid").put("emailVerified", true)
        .put("credentials", new JsonArray().add(new JsonObject().put("type", "password").put("value", LoadClient.PASSWORD).put("temporary", false)));
      return new Req("/admin/realms/" + realm + "/users", user.toBuffer(), "reg", login,
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + adminToken));
    }

    @Override
    public Req login(String login, String password, String kind) {
      String form = "grant_type=password&client_id=" + encode(client) + "&username=" + encode(login) + "&password=" + encode(password);
      return new Req("/realms/" + realm + "/protocol/openid-connect/token", Buffer.buffer(form), kind, login,
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
