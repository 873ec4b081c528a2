package io.github.userservice.session;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.support.Backend;
import io.github.userservice.support.StoredSessions;
import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Sessions: refresh tokens that rotate, logout, a user's list of sessions")
class SessionTest {

  private static final String ADMIN = "root@example.com";

  @Parameter
  Backend backend;

  private Vertx vertx;
  private TestService service;
  private StoredSessions stored;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    service = new TestService(vertx, dir, backend);
    service.config().put("admins", new JsonArray().add(ADMIN))
      .put("sessions", service.config().getJsonObject("sessions").put("requestsPerSessionPerMinute", 12).put("maxPerUser", 3));
    service.deploy().await();
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    assertEquals(201, service.register(ADMIN, PASSWORD).await().statusCode());
    stored = StoredSessions.open(vertx, service.config().getJsonObject("db"));
  }

  @AfterEach
  void close() {
    stored.close();
  }

  @Test
  @DisplayName("a login answers a refresh token and the session's id; the access token is typed at+jwt and names the session and pwd")
  void loginStartsSession() {
    JsonObject login = login("alice");

    assertEquals(Set.of("login", "registeredAt", "accessToken", "tokenType", "expiresIn", "refreshToken", "refreshExpiresIn", "sessionId"),
      login.fieldNames());
    assertEquals(900, login.getInteger("expiresIn"));
    assertEquals(7 * 24 * 3600, login.getLong("refreshExpiresIn"), 5);
    String token = login.getString("accessToken");
    assertEquals("at+jwt", header(token).getString("typ"));
    assertEquals(login.getString("sessionId"), payload(token).getString("sid"));
    assertEquals(new JsonArray().add("pwd"), payload(token).getJsonArray("amr"));
    assertTrue(login.getString("refreshToken").startsWith(login.getString("sessionId") + ".1."));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", token).await().statusCode());
  }

  @Test
  @DisplayName("a refresh gives a new access token and the next refresh token, both working, and costs no Argon2 hash")
  void refreshWithoutHash() {
    JsonObject login = login("alice");
    long hashes = service.argon2Operations();

    JsonObject refreshed = refresh(login.getString("refreshToken"), 200).bodyAsJsonObject();
    JsonObject again = refresh(refreshed.getString("refreshToken"), 200).bodyAsJsonObject();

    assertEquals(hashes, service.argon2Operations(), "no hash was computed or verified");
    assertEquals(login.getString("sessionId"), refreshed.getString("sessionId"));
    assertNotEquals(login.getString("refreshToken"), refreshed.getString("refreshToken"));
    assertNotEquals(refreshed.getString("refreshToken"), again.getString("refreshToken"));
    assertEquals(login.getString("sessionId"), payload(again.getString("accessToken")).getString("sid"));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", again.getString("accessToken")).await().statusCode());
  }

  @Test
  @DisplayName("eight refreshes at once with one token all succeed with the same next token, and leave one live chain")
  void concurrentRefreshes() {
    String first = login("alice").getString("refreshToken");

    List<HttpResponse<Buffer>> responses = Future.all(IntStream.range(0, 8).mapToObj(i -> refreshRequest(first)).toList()).await().list();

    assertTrue(responses.stream().allMatch(response -> response.statusCode() == 200), () -> responses.stream()
      .map(HttpResponse::bodyAsString).collect(Collectors.joining("\n")));
    Set<String> next = responses.stream().map(response -> response.bodyAsJsonObject().getString("refreshToken")).collect(Collectors.toSet());
    assertEquals(1, next.size(), "one chain: every answer carries the same next token");
    String second = next.iterator().next();
    String third = refresh(second, 200).bodyAsJsonObject().getString("refreshToken");
    assertEquals(200, refresh(third, 200).statusCode(), "the chain goes on");
  }

  @Test
  @DisplayName("the token just replaced gets the current pair back, without rotating again")
  void previousTokenWithinGrace() {
    String first = login("alice").getString("refreshToken");
    String second = refresh(first, 200).bodyAsJsonObject().getString("refreshToken");

    JsonObject retried = refresh(first, 200).bodyAsJsonObject();

    assertEquals(second, retried.getString("refreshToken"), "the answer the client lost, again");
    assertEquals(200, refresh(second, 200).statusCode(), "the session did not move on");
  }

  @Test
  @DisplayName("a token two generations old ends the session: its current tokens are refused and session.reuse_detected is recorded")
  void reuseRevokes() {
    JsonObject login = login("alice");
    String first = login.getString("refreshToken");
    String second = refresh(first, 200).bodyAsJsonObject().getString("refreshToken");
    JsonObject third = refresh(second, 200).bodyAsJsonObject();

    assertProblem(401, refresh(first, 401));

    assertProblem(401, refresh(third.getString("refreshToken"), 401));
    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", third.getString("accessToken")).await());
    JsonObject event = lastEvent("session.reuse_detected");
    assertEquals("alice", event.getString("login"));
    assertEquals("failure", event.getString("outcome"));
    assertTrue(event.getString("detail").startsWith(login.getString("sessionId")));
  }

  @Test
  @DisplayName("the token just replaced, used after the grace period, is a reuse too")
  void previousTokenAfterGrace() {
    JsonObject login = login("alice");
    String first = login.getString("refreshToken");
    String second = refresh(first, 200).bodyAsJsonObject().getString("refreshToken");
    stored.refreshedAt(login.getString("sessionId"), Instant.now().minus(Duration.ofMinutes(2)));

    assertProblem(401, refresh(first, 401));
    assertProblem(401, refresh(second, 401));
  }

  @Test
  @DisplayName("logout ends the session: its refresh token is dead at once, its access token refused, its end recorded")
  void logout() {
    JsonObject login = login("alice");
    String token = login.getString("accessToken");
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", token).await().statusCode(), "remembered as live before");

    assertEquals(204, service.withToken(HttpMethod.POST, "/logout", token).await().statusCode());

    assertProblem(401, refresh(login.getString("refreshToken"), 401));
    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", token).await());
    assertProblem(401, service.withToken(HttpMethod.POST, "/logout", token).await());
    assertEquals(login.getString("sessionId") + " logout", lastEvent("session.ended").getString("detail"));
  }

  @Test
  @DisplayName("a logout takes an access token only: Basic credentials or none get 401 with the Bearer challenge, and no hash")
  void logoutWithoutSession() {
    long hashes = service.argon2Operations();

    HttpResponse<Buffer> basic = service.client().post("/logout").putHeader("Authorization", basic("alice", PASSWORD)).send().await();
    HttpResponse<Buffer> none = service.client().post("/logout").send().await();

    assertProblem(401, basic);
    assertEquals("Bearer realm=\"user-service\"", basic.getHeader("WWW-Authenticate"));
    assertProblem(401, none);
    assertEquals(hashes, service.argon2Operations(), "no password was checked");
  }

  @Test
  @DisplayName("a user's sessions are listed with when, from where and with what, never a token; the caller's own is marked current")
  void listed() {
    JsonObject phone = login("alice", "Phone/1.0");
    JsonObject laptop = login("alice", "Laptop/2.0");

    HttpResponse<Buffer> response = service.withToken(HttpMethod.GET, "/user/alice/sessions", laptop.getString("accessToken")).await();

    assertEquals(200, response.statusCode(), response::bodyAsString);
    JsonArray sessions = response.bodyAsJsonObject().getJsonArray("sessions");
    assertEquals(2, sessions.size());
    JsonObject newest = sessions.getJsonObject(0);
    assertEquals(laptop.getString("sessionId"), newest.getString("id"));
    assertEquals(Set.of("id", "createdAt", "refreshedAt", "expiresAt", "clientAddress", "userAgent", "amr", "current"), newest.fieldNames());
    assertEquals("Laptop/2.0", newest.getString("userAgent"));
    assertEquals("127.0.0.1", newest.getString("clientAddress"));
    assertTrue(newest.getBoolean("current"));
    assertFalse(sessions.getJsonObject(1).getBoolean("current"));
    assertEquals(phone.getString("sessionId"), sessions.getJsonObject(1).getString("id"));
    assertFalse(response.bodyAsString().contains(phone.getString("refreshToken").split("\\.")[2]), "no token");
  }

  @Test
  @DisplayName("another user's sessions are not shown (403), an admin's view shows them")
  void listAccess() {
    login("alice");
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());

    assertProblem(403, service.client().get("/user/alice/sessions").putHeader("Authorization", basic("bob", PASSWORD)).send().await());
    HttpResponse<Buffer> admin = service.client().get("/user/alice/sessions").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await();
    assertEquals(1, admin.bodyAsJsonObject().getJsonArray("sessions").size());
  }

  @Test
  @DisplayName("a user ends one of its sessions: 204, that one is dead, the others live; an unknown id is 404")
  void endOne() {
    JsonObject phone = login("alice");
    JsonObject laptop = login("alice");

    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/alice/sessions/" + phone.getString("sessionId"),
      laptop.getString("accessToken")).await().statusCode());

    assertProblem(401, refresh(phone.getString("refreshToken"), 401));
    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", phone.getString("accessToken")).await());
    assertEquals(200, refresh(laptop.getString("refreshToken"), 200).statusCode());
    assertProblem(404, service.withToken(HttpMethod.DELETE, "/user/alice/sessions/" + phone.getString("sessionId"),
      laptop.getString("accessToken")).await());
    assertProblem(404, service.withToken(HttpMethod.DELETE, "/user/alice/sessions/not-a-session", laptop.getString("accessToken")).await());
  }

  @Test
  @DisplayName("a password change ends every session of the user, the one that made it included")
  void passwordChangeEndsAll() {
    JsonObject phone = login("alice");
    JsonObject laptop = login("alice");

    HttpResponse<Buffer> changed = service.client().put("/user/alice/password").putHeader("Authorization", "Bearer " + laptop.getString("accessToken"))
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple").encode()))
      .await();
    assertEquals(204, changed.statusCode(), changed::bodyAsString);

    assertProblem(401, refresh(phone.getString("refreshToken"), 401));
    assertProblem(401, refresh(laptop.getString("refreshToken"), 401));
    HttpResponse<Buffer> list = service.client().get("/user/alice/sessions")
      .putHeader("Authorization", basic("alice", "another horse battery staple")).send().await();
    assertEquals(0, list.bodyAsJsonObject().getJsonArray("sessions").size());
  }

  @Test
  @DisplayName("a session idle longer than sessions.idleDays, or past sessions.maxDays, refreshes no more")
  void expiry() {
    JsonObject idle = login("alice");
    JsonObject old = login("alice");
    stored.refreshedAt(idle.getString("sessionId"), Instant.now().minus(Duration.ofDays(7)).minusSeconds(1));
    stored.expiresAt(old.getString("sessionId"), Instant.now().minusSeconds(1));

    assertProblem(401, refresh(idle.getString("refreshToken"), 401));
    assertProblem(401, refresh(old.getString("refreshToken"), 401));
  }

  @Test
  @DisplayName("sessions past their idle or maximum age are purged a batch at a time; live ones stay")
  void purged() {
    JsonObject idle = login("alice");
    JsonObject old = login("alice");
    JsonObject live = login("alice");
    stored.refreshedAt(idle.getString("sessionId"), Instant.now().minus(Duration.ofDays(8)));
    stored.expiresAt(old.getString("sessionId"), Instant.now().minusSeconds(1));
    Dialect dialect = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", service.config().getJsonObject("db").copy())).db());
    Pool pool = dialect.open(vertx);
    try {
      SessionRepository repository = new SessionRepository(pool, dialect);
      Instant now = Instant.now();

      assertEquals(1, repository.purge(now, now.minus(Duration.ofDays(7)), 1).await(), "one batch of one");
      assertEquals(1, repository.purge(now, now.minus(Duration.ofDays(7)), 1).await());
      assertEquals(0, repository.purge(now, now.minus(Duration.ofDays(7)), 1).await());
    } finally {
      pool.close().await();
    }
    assertEquals(1, stored.count("alice"));
    assertEquals(200, refresh(live.getString("refreshToken"), 200).statusCode());
  }

  @Test
  @DisplayName("a user keeps at most sessions.maxPerUser sessions: a new one ends the least recently used")
  void limitPerUser() {
    JsonObject oldest = login("alice");
    login("alice");
    login("alice");

    login("alice");

    assertProblem(401, refresh(oldest.getString("refreshToken"), 401));
    assertEquals(3, stored.count("alice"));
  }

  @Test
  @DisplayName("a deleted user's sessions are gone with it")
  void deletedUser() {
    JsonObject login = login("alice");
    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/alice", login.getString("accessToken")).await().statusCode());

    assertProblem(401, refresh(login.getString("refreshToken"), 401));
    assertEquals(0, stored.count("alice"));
  }

  @Test
  @DisplayName("past sessions.requestsPerSessionPerMinute a session's refreshes get 429 with Retry-After")
  void throttled() {
    String token = login("alice").getString("refreshToken");
    for (int i = 0; i < 12; i++) {
      assertEquals(200, refreshRequest(token).await().statusCode());
    }

    HttpResponse<Buffer> refused = refreshRequest(token).await();

    assertProblem(429, refused);
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    assertEquals("refused", lastEvent("session.throttled").getString("outcome"));
  }

  @Test
  @DisplayName("hostile refresh bodies get problem documents: 401 for a forged or garbled token, 422 for a missing one, 400 for no JSON")
  void hostileRefresh() {
    String token = login("alice").getString("refreshToken");
    String[] parts = token.split("\\.");

    assertProblem(401, refresh(parts[0] + ".2." + parts[2], 401));
    assertProblem(401, refresh(parts[0] + "." + parts[1] + "." + "A".repeat(43), 401));
    assertProblem(401, refresh("a.b.c", 401));
    assertProblem(401, refresh(service.token("alice", PASSWORD), 401));
    assertProblem(422, service.postJson("/token/refresh", "{}").await());
    assertProblem(422, service.postJson("/token/refresh", "{\"refreshToken\": 42}").await());
    assertProblem(422, service.postJson("/token/refresh", new JsonObject().put("refreshToken", "x".repeat(2000)).encode()).await());
    assertProblem(400, service.postJson("/token/refresh", "{\"refreshToken\": ").await());
    assertEquals(200, refresh(token, 200).statusCode(), "the real one still works");
  }

  @Test
  @DisplayName("no refresh token, mfaToken or key is kept in the database in any form")
  void nothingStoredInPlain() {
    JsonObject login = login("alice");
    String mac = login.getString("refreshToken").split("\\.")[2];

    String everything = stored.everything();

    assertFalse(everything.contains(mac));
    assertFalse(everything.contains(login.getString("accessToken")));
  }

  @Test
  @DisplayName("an access token from before sessions (typ JWT, no sid) is accepted until it expires; a session token without sid is not")
  void legacyTokens() {
    int version = payload(login("alice").getString("accessToken")).getInteger("ver");
    JsonObject claims = new JsonObject().put("sub", "alice").put("ver", version).put("jti", UUID.randomUUID().toString());
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(service.signingKey().privateJwk()));
    String legacy = signer.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setIssuer("user-service").setExpiresInSeconds(600));
    String untyped = signer.generateToken(claims.copy().put("sid", "AAAAAAAAAAAAAAAAAAAAAA").put("amr", new JsonArray().add("pwd")),
      new JWTOptions().setAlgorithm("ES256").setIssuer("user-service").setExpiresInSeconds(600));

    assertEquals("JWT", header(legacy).getString("typ"));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", legacy).await().statusCode());
    assertProblem(400, service.withToken(HttpMethod.POST, "/logout", legacy).await());
    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", untyped).await());
  }

  private JsonObject login(String login) {
    return login(login, "SessionTest");
  }

  private JsonObject login(String login, String userAgent) {
    HttpResponse<Buffer> response = service.client().post("/login").putHeader("Content-Type", "application/json")
      .putHeader("User-Agent", userAgent).sendBuffer(Buffer.buffer(TestService.credentials(login, PASSWORD))).await();
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }

  private Future<HttpResponse<Buffer>> refreshRequest(String refreshToken) {
    return service.postJson("/token/refresh", new JsonObject().put("refreshToken", refreshToken).encode());
  }

  private HttpResponse<Buffer> refresh(String refreshToken, int expectedStatus) {
    HttpResponse<Buffer> response = refreshRequest(refreshToken).await();
    assertEquals(expectedStatus, response.statusCode(), response::bodyAsString);
    return response;
  }

  private JsonObject lastEvent(String type) {
    HttpResponse<Buffer> page = service.client().get("/admin/audit?type=" + type).putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await();
    JsonArray events = page.bodyAsJsonObject().getJsonArray("events");
    assertFalse(events.isEmpty(), "no " + type + " event");
    return events.getJsonObject(events.size() - 1);
  }

  static JsonObject header(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
