package io.github.userservice.audit;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("The audit trail: every security event, for admins at GET /admin/audit")
class AuditTrailTest {

  private static final String ADMIN = "root@example.com";

  @Parameter
  Backend backend;

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    // five failures a minute per address: an address past them stays held back for the rest of the minute
    service.config().put("admins", new JsonArray().add(ADMIN)).getJsonObject("throttle").put("addressFailuresPerMinute", 5);
    service.deploy().await();
    assertEquals(201, service.register(ADMIN, PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a registration, a login (and the session it starts), a wrong password, a password change and a deletion: in order, with who, from where and in which request")
  void accountLife() {
    assertEquals(201, send(HttpMethod.POST, "/user/", credentials("alice"), null, "203.0.113.7", "req-1").statusCode());
    assertEquals(200, send(HttpMethod.POST, "/login", credentials("alice"), null, "203.0.113.7", "req-2").statusCode());
    assertEquals(401, send(HttpMethod.POST, "/login", new JsonObject().put("login", "alice").put("password", "wrong password"), null, "198.51.100.9", "req-3").statusCode());
    assertEquals(204, send(HttpMethod.PUT, "/user/alice/password",
      new JsonObject().put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple"), basic("alice", PASSWORD), "203.0.113.7", "req-4").statusCode());
    assertEquals(204, send(HttpMethod.DELETE, "/user/alice", null, basic(ADMIN, PASSWORD), "203.0.113.8", "req-5").statusCode());

    List<JsonObject> events = events("/admin/audit?login=alice");

    assertEquals(List.of("user.registered", "login.succeeded", "session.started", "login.failed", "login.succeeded", "password.changed",
      "user.deleted"), events.stream().map(event -> event.getString("type")).toList(), "the password change checks the password first");
    JsonObject registered = events.get(0);
    assertEquals("alice", registered.getString("login"));
    assertEquals("success", registered.getString("outcome"));
    assertEquals("203.0.113.7", registered.getString("clientAddress"));
    assertEquals("req-1", registered.getString("requestId"));
    assertEquals("203.0.113.7", events.get(2).getString("clientAddress"), "the session started where the login came from");
    assertEquals("req-2", events.get(2).getString("requestId"));
    assertEquals("failure", events.get(3).getString("outcome"));
    assertEquals("198.51.100.9", events.get(3).getString("clientAddress"));
    assertEquals(ADMIN, events.get(6).getString("actor"), "the admin deleted alice");
    assertTrue(IntStream.range(1, events.size()).allMatch(i -> events.get(i).getLong("id") > events.get(i - 1).getLong("id")));
  }

  @Test
  @DisplayName("no event holds a password, a hash or a token")
  void noSecrets() {
    service.register("alice", PASSWORD).await();
    String token = service.token("alice", PASSWORD);
    service.login("alice", "a wrong secret password").await();

    String trail = service.client().get("/admin/audit").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await().bodyAsString();

    assertFalse(trail.contains(PASSWORD), trail);
    assertFalse(trail.contains("a wrong secret password"), trail);
    assertFalse(trail.contains("$argon2"), trail);
    assertFalse(trail.contains(token), trail);
  }

  @Test
  @DisplayName("a throttled login is recorded, once a minute per login and address however often it is refused")
  void throttledOnce() {
    service.register("alice", PASSWORD).await();
    for (int i = 0; i < 5; i++) {
      send(HttpMethod.POST, "/login", new JsonObject().put("login", "alice").put("password", "wrong password"), null, "203.0.113.7", null);
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(429, send(HttpMethod.POST, "/login", credentials("alice"), null, "203.0.113.7", null).statusCode());
    }

    List<JsonObject> throttled = events("/admin/audit?type=login.throttled");

    assertEquals(1, throttled.size(), throttled::toString);
    assertEquals("refused", throttled.get(0).getString("outcome"));
  }

  @Test
  @DisplayName("a key rotation, an export and an import are recorded with the admin who asked")
  void adminActions() {
    assertEquals(200, send(HttpMethod.POST, "/admin/keys/rotate", null, basic(ADMIN, PASSWORD), null, null).statusCode());
    assertEquals(200, service.client().get("/admin/export").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await().statusCode());
    assertEquals(200, service.client().post("/admin/import").putHeader("Authorization", basic(ADMIN, PASSWORD))
      .putHeader("Content-Type", "application/x-ndjson")
      .sendBuffer(Buffer.buffer("{\"login\":\"bob\",\"passwordHash\":\"$2b$04$hdiskD8tbvvJgNLvbEq5M.Ga3KjHjSQZPlSq9pZjH88VPFqD.w.sG\"}\n")).await().statusCode());

    List<JsonObject> events = events("/admin/audit");

    JsonObject rotated = only(events, "key.rotated");
    assertEquals(ADMIN, rotated.getString("actor"));
    assertEquals(ADMIN, only(events, "admin.export").getString("actor"));
    assertEquals("created 1, skipped 0, refused 0", only(events, "admin.import").getString("detail"));
  }

  @Test
  @DisplayName("the trail is paged after an event id, oldest first: next and Link name the following page, absent on the last")
  void paged() {
    for (int i = 0; i < 4; i++) {
      service.register("user" + i, PASSWORD).await();
    }

    HttpResponse<Buffer> first = admin("/admin/audit?type=user.registered&limit=3");
    JsonObject firstPage = first.bodyAsJsonObject();
    String next = firstPage.getString("next");
    HttpResponse<Buffer> second = admin(next);

    assertEquals(3, firstPage.getJsonArray("events").size());
    assertEquals("<" + next + ">; rel=\"next\"", first.getHeader("Link"));
    assertEquals(List.of("user2", "user3"), second.bodyAsJsonObject().getJsonArray("events").stream()
      .map(event -> ((JsonObject) event).getString("login")).toList());
    assertNull(second.bodyAsJsonObject().getString("next"));
    assertNull(second.getHeader("Link"));
  }

  @Test
  @DisplayName("only admins read the trail: another user gets 403")
  void adminsOnly() {
    service.register("alice", PASSWORD).await();

    assertProblem(403, service.client().get("/admin/audit").putHeader("Authorization", basic("alice", PASSWORD)).send().await());
    assertProblem(401, service.client().get("/admin/audit").send().await());
  }

  @Test
  @DisplayName("parameters out of range get 400 naming each one")
  void invalidParameters() {
    JsonObject problem = assertProblem(400, admin("/admin/audit?limit=0&after=-1&type=no.such"));

    assertEquals(List.of("limit", "after", "type"), problem.getJsonArray("errors").stream()
      .map(error -> ((JsonObject) error).getString("field")).toList());
  }

  private List<JsonObject> events(String path) {
    HttpResponse<Buffer> response = admin(path);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  private HttpResponse<Buffer> admin(String path) {
    return service.client().get(path).putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await();
  }

  private static JsonObject only(List<JsonObject> events, String type) {
    List<JsonObject> ofType = events.stream().filter(event -> type.equals(event.getString("type"))).toList();
    assertEquals(1, ofType.size(), () -> type + " in " + events);
    return ofType.get(0);
  }

  private static JsonObject credentials(String login) {
    return new JsonObject().put("login", login).put("password", PASSWORD);
  }

  /** The test client is on loopback, a trusted proxy by default: X-Forwarded-For names the client address. */
  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body, String authorization, String clientAddress, String requestId) {
    var request = service.client().request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (clientAddress != null) {
      request.putHeader("X-Forwarded-For", clientAddress);
    }
    if (requestId != null) {
      request.putHeader("X-Request-Id", requestId);
    }
    return body == null ? request.send().await()
      : request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
  }
}
