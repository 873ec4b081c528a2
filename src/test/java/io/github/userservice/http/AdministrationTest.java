package io.github.userservice.http;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Admins named in the configuration")
class AdministrationTest {

  @Parameter
  Backend backend;

  private static final String ROOT = "root@example.com";

  private TestService service;
  private String rootToken;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.config().put("admins", new JsonArray().add("Root@Example.com"));
    service.deploy().await();
    for (String login : List.of("erin", "carol", "alice", "dave", "bob", ROOT)) {
      assertEquals(201, service.register(login, PASSWORD).await().statusCode());
    }
    rootToken = service.token(ROOT, PASSWORD);
  }

  @Test
  @DisplayName("GET /user/ lists users sorted by login, with their registration dates")
  void lists() {
    HttpResponse<Buffer> response = service.withToken(HttpMethod.GET, "/user/", rootToken).await();

    assertEquals(200, response.statusCode(), response::bodyAsString);
    JsonArray users = response.bodyAsJsonObject().getJsonArray("users");
    assertEquals(List.of("alice", "bob", "carol", "dave", "erin", ROOT), logins(users));
    assertEquals(2, users.getJsonObject(0).size(), "login and registeredAt only");
    assertFalse(response.bodyAsJsonObject().containsKey("next"));
  }

  @Test
  @DisplayName("keyset pagination: each page links the next, the last page has no next")
  void paginates() {
    List<String> seen = new ArrayList<>();
    String next = "/user/?limit=2";
    int pages = 0;
    while (next != null) {
      HttpResponse<Buffer> page = service.withToken(HttpMethod.GET, next, rootToken).await();
      JsonObject body = page.bodyAsJsonObject();
      seen.addAll(logins(body.getJsonArray("users")));
      next = body.getString("next");
      if (next != null) {
        assertEquals("<" + next + ">; rel=\"next\"", page.getHeader("Link"));
      }
      pages++;
    }

    assertEquals(List.of("alice", "bob", "carol", "dave", "erin", ROOT), seen);
    assertEquals(3, pages);
  }

  @Test
  @DisplayName("after= starts after that login, in canonical form")
  void after() {
    JsonObject body = service.withToken(HttpMethod.GET, "/user/?after=Carol&limit=2", rootToken).await().bodyAsJsonObject();

    assertEquals(List.of("dave", "erin"), logins(body.getJsonArray("users")));
  }

  @ParameterizedTest(name = "limit={0}")
  @ValueSource(strings = {"0", "501", "-1", "ten", "1.5", ""})
  @DisplayName("a limit outside 1 to 500 is 400 naming the parameter")
  void badLimit(String limit) {
    JsonObject problem = assertProblem(400, service.withToken(HttpMethod.GET, "/user/?limit=" + limit, rootToken).await());

    assertEquals("limit", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("limits of 1 and 500 are accepted")
  void limits() {
    assertEquals(1, service.withToken(HttpMethod.GET, "/user/?limit=1", rootToken).await().bodyAsJsonObject().getJsonArray("users").size());
    assertEquals(6, service.withToken(HttpMethod.GET, "/user/?limit=500", rootToken).await().bodyAsJsonObject().getJsonArray("users").size());
  }

  @Test
  @DisplayName("listing is for admins: 403 for other users, 401 without credentials")
  void adminsOnly() {
    assertProblem(403, service.withToken(HttpMethod.GET, "/user/", service.token("alice", PASSWORD)).await());
    assertProblem(403, service.getUser("/user/", "alice", PASSWORD).await());
    assertProblem(401, service.client().get("/user/").send().await());
  }

  @Test
  @DisplayName("an admin may GET and DELETE any user; for an admin an unknown login is 404")
  void adminActsOnAnyone() {
    assertEquals("bob", service.withToken(HttpMethod.GET, "/user/bob", rootToken).await().bodyAsJsonObject().getString("login"));
    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/bob", rootToken).await().statusCode());

    assertProblem(404, service.withToken(HttpMethod.GET, "/user/bob", rootToken).await());
    assertProblem(404, service.withToken(HttpMethod.DELETE, "/user/bob", rootToken).await());
    assertEquals(401, service.login("bob", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("for a user who is not admin, an unknown login is 403 like any other: no enumeration")
  void noEnumerationForUsers() {
    assertProblem(403, service.getUser("/user/nobody", "alice", PASSWORD).await());
  }

  private static List<String> logins(JsonArray users) {
    List<String> logins = new ArrayList<>();
    users.forEach(user -> logins.add(((JsonObject) user).getString("login")));
    return logins;
  }
}
