package io.github.userservice.token;

import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.github.userservice.keyring.SigningKey;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Access tokens for other services")
class AccessTokenTest {

  @Parameter
  Backend backend;

  private Vertx vertx;
  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    service = new TestService(vertx, dir, backend);
    service.config().put("admins", new JsonArray().add("root@example.com"));
    service.deploy().await();
    service.register("alice", PASSWORD).await();
    service.register("bob", PASSWORD).await();
  }

  @Test
  @DisplayName("a login's token carries iss, sub, iat, exp (15 minutes later), jti and the credential version")
  void claims() {
    JsonObject payload = payload(service.token("alice", PASSWORD));

    assertEquals("user-service", payload.getString("iss"));
    assertEquals("alice", payload.getString("sub"));
    assertEquals(900, payload.getLong("exp") - payload.getLong("iat"));
    assertTrue(Math.abs(payload.getLong("iat") - Instant.now().getEpochSecond()) < 5);
    UUID.fromString(payload.getString("jti"));
    assertTrue(payload.getInteger("ver") > 0, "a credential version");
    assertEquals("ES256", header(service.token("alice", PASSWORD)).getString("alg"));
  }

  @Test
  @DisplayName("GET /user/{login} accepts the token, and checking it costs no Argon2 time")
  void bearer() {
    String token = service.token("alice", PASSWORD);
    long before = service.argon2Operations();

    HttpResponse<Buffer> response = service.withToken(HttpMethod.GET, "/user/alice", token).await();

    assertEquals(200, response.statusCode());
    assertEquals("alice", response.bodyAsJsonObject().getString("login"));
    assertEquals(before, service.argon2Operations());
  }

  @Test
  @DisplayName("a token does not open another user's record: 403")
  void anotherUser() {
    assertProblem(403, service.withToken(HttpMethod.GET, "/user/bob", service.token("alice", PASSWORD)).await());
  }

  @Test
  @DisplayName("the JWK set publishes the public key with its kid, and verifies tokens offline")
  void jwks() {
    String token = service.token("alice", PASSWORD);
    HttpResponse<Buffer> response = service.client().get("/.well-known/jwks.json").send().await();

    assertEquals(200, response.statusCode());
    JsonObject key = response.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
    assertEquals("EC", key.getString("kty"));
    assertEquals("P-256", key.getString("crv"));
    assertEquals(header(token).getString("kid"), key.getString("kid"));
    assertFalse(key.containsKey("d"), "no private part");
    JWTAuth offline = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key).setJWTOptions(new JWTOptions().setIssuer("user-service")));
    User user = offline.authenticate(new TokenCredentials(token)).await();
    assertEquals("alice", user.principal().getString("sub"));
  }

  @Test
  @DisplayName("after a rotation new tokens carry the new kid, and tokens signed with the previous key stay valid")
  void rotation() {
    String before = service.token("alice", PASSWORD);
    String rootToken = service.token("root@example.com", registerRoot());

    HttpResponse<Buffer> rotated = service.withToken(HttpMethod.POST, "/admin/keys/rotate", rootToken).await();
    String after = service.token("alice", PASSWORD);

    assertEquals(200, rotated.statusCode(), rotated::bodyAsString);
    assertEquals(rotated.bodyAsJsonObject().getString("kid"), header(after).getString("kid"));
    assertNotEquals(header(before).getString("kid"), header(after).getString("kid"));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", before).await().statusCode());
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", after).await().statusCode());
    assertEquals(2, service.client().get("/.well-known/jwks.json").send().await().bodyAsJsonObject().getJsonArray("keys").size());
  }

  @Test
  @DisplayName("only an admin may rotate the keys")
  void rotationNeedsAdmin() {
    assertProblem(403, service.withToken(HttpMethod.POST, "/admin/keys/rotate", service.token("alice", PASSWORD)).await());
    assertProblem(401, service.client().post("/admin/keys/rotate").send().await());
  }

  @Test
  @DisplayName("an expired token is refused with 401")
  void expired() {
    long now = Instant.now().getEpochSecond();
    String token = sign(serviceKey(), claims("alice").put("iat", now - 1_000).put("exp", now - 100));

    assertInvalid(token);
  }

  @Test
  @DisplayName("a token signed by another key is refused with 401, even under the service's kid")
  void otherKey() {
    JsonObject foreign = SigningKey.generate(Instant.now()).privateJwk();
    JsonObject impostor = foreign.copy().put("kid", serviceKey().getString("kid"));

    assertInvalid(sign(foreign, claims("alice")));
    assertInvalid(sign(impostor, claims("alice")));
  }

  @Test
  @DisplayName("a token with alg none is refused with 401")
  void algNone() {
    String header = base64url(new JsonObject().put("alg", "none").put("typ", "JWT").encode());
    String payload = base64url(claims("alice").put("iat", Instant.now().getEpochSecond()).put("exp", Instant.now().getEpochSecond() + 600).encode());

    assertInvalid(header + "." + payload + ".");
    assertInvalid(header + "." + payload);
  }

  @Test
  @DisplayName("a token whose payload was tampered with is refused with 401")
  void tampered() {
    String[] parts = service.token("alice", PASSWORD).split("\\.");
    String forged = parts[0] + "." + base64url(payload(String.join(".", parts)).put("sub", "bob").encode()) + "." + parts[2];

    assertEquals(401, service.withToken(HttpMethod.GET, "/user/bob", forged).await().statusCode());
  }

  @Test
  @DisplayName("a token of another issuer, or without a credential version, is refused with 401")
  void foreignClaims() {
    assertInvalid(sign(serviceKey(), claims("alice"), "someone-else"));
    JsonObject noVersion = claims("alice");
    noVersion.remove("ver");
    assertInvalid(sign(serviceKey(), noVersion));
  }

  @Test
  @DisplayName("the token of a deleted user is refused with 401")
  void deletedUser() {
    String token = service.token("alice", PASSWORD);
    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/alice", token).await().statusCode());

    assertInvalid(token);
  }

  @Test
  @DisplayName("the token of a deleted account does not open the account registered again under the same login")
  void reRegisteredLogin() {
    String token = service.token("alice", PASSWORD);
    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/alice", token).await().statusCode());
    assertEquals(201, service.register("alice", "a brand new horse battery").await().statusCode());

    assertInvalid(token);
  }

  @Test
  @DisplayName("a token issued before a password change is refused with 401; a new login works")
  void beforePasswordChange() {
    String token = service.token("alice", PASSWORD);
    int version = payload(token).getInteger("ver");
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", token).await().statusCode(), "remembered before the change");
    HttpResponse<Buffer> changed = service.client().put("/user/alice/password").putHeader("Authorization", "Bearer " + token)
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple").encode()))
      .await();
    assertEquals(204, changed.statusCode(), changed::bodyAsString);

    assertInvalid(token);
    String fresh = service.token("alice", "another horse battery staple");
    assertEquals(version + 1, payload(fresh).getInteger("ver"));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", fresh).await().statusCode());
  }

  @Test
  @DisplayName("a password change made over the event bus, not through this API, refuses older tokens once announced")
  void changeFromElsewhere() throws InterruptedException, TimeoutException {
    String token = service.token("alice", PASSWORD);
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", token).await().statusCode(), "remembered before the change");
    Promise<Void> announced = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(UserAddresses.CHANGED, change -> announced.tryComplete()).completion().await();

    vertx.eventBus().request(UserAddresses.CHANGE_PASSWORD, new JsonObject().put("login", "alice")
        .put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple"),
      new RequestOrigin(null, "192.0.2.1", "alice").addTo(new DeliveryOptions())).await();
    announced.future().await(10, TimeUnit.SECONDS); // bounded: a missing announcement fails, it does not hang
    // the HTTP verticle got the same announcement; it acts on it on its own event loop, after any request it was reading
    Thread.sleep(50);

    assertInvalid(token);
  }

  @Test
  @DisplayName("garbage in the Bearer header is refused with 401")
  void garbage() {
    assertInvalid("not-a-token");
    assertInvalid("a.b.c");
    assertInvalid("");
  }

  private void assertInvalid(String token) {
    HttpResponse<Buffer> response = service.withToken(HttpMethod.GET, "/user/alice", token).await();
    assertProblem(401, response);
    assertTrue(response.headers().getAll("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Bearer")), response.headers()::toString);
  }

  private String registerRoot() {
    String password = "root horse battery staple";
    service.register("root@example.com", password).await();
    return password;
  }

  private JsonObject serviceKey() {
    return service.signingKey().privateJwk();
  }

  /** Claims as the service writes them for a user, with its real credential version: only the signature or time is off. */
  private JsonObject claims(String login) {
    int version = payload(service.token(login, PASSWORD)).getInteger("ver");
    return new JsonObject().put("sub", login).put("ver", version).put("jti", UUID.randomUUID().toString());
  }

  private String sign(JsonObject privateJwk, JsonObject claims) {
    return sign(privateJwk, claims, "user-service");
  }

  private String sign(JsonObject privateJwk, JsonObject claims, String issuer) {
    JWTOptions options = new JWTOptions().setAlgorithm("ES256").setIssuer(issuer);
    if (claims.containsKey("exp")) {
      options.setNoTimestamp(true);
    } else {
      options.setExpiresInSeconds(600);
    }
    return JWTAuth.create(vertx, new JWTAuthOptions().addJwk(privateJwk)).generateToken(claims, options);
  }

  private static JsonObject header(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  private static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String base64url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
