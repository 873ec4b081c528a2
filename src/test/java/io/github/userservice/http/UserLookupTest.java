package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.List;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("GET /user/{login} shows a user to itself")
class UserLookupTest {

  @Parameter
  Backend backend;

  private static final String CHALLENGE = "Basic realm=\"user-service\"";

  private TestService service;
  private JsonObject alice;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.deploy().await();
    alice = service.register("alice@example.com", PASSWORD).await().bodyAsJsonObject();
    service.register("bob@example.com", PASSWORD).await();
  }

  @Test
  @DisplayName("the user's own Basic credentials get 200 with its login and registration date, and that it has no second factor")
  void ownRecord() {
    HttpResponse<Buffer> response = service.getUser("/user/alice@example.com", "alice@example.com", PASSWORD).await();

    assertEquals(200, response.statusCode());
    assertEquals(alice.copy().put("totpEnabled", false), response.bodyAsJsonObject());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/user/Alice@Example.com", "/user/alice%40example.com", "/user/%EF%BD%81lice@example.com"})
  @DisplayName("the login in the path is canonicalized like the stored one")
  void canonicalPath(String path) {
    assertEquals(200, service.getUser(path, "ALICE@example.com", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("no credentials get 401 with a Basic challenge, then a Bearer one")
  void noCredentials() {
    HttpResponse<Buffer> response = service.client().get("/user/alice@example.com").send().await();

    assertProblem(401, response);
    assertEquals(List.of(CHALLENGE, "Bearer realm=\"user-service\""), response.headers().getAll("WWW-Authenticate"));
  }

  @Test
  @DisplayName("a wrong password gets 401 with a Basic challenge")
  void wrongPassword() {
    HttpResponse<Buffer> response = service.getUser("/user/alice@example.com", "alice@example.com", "wrong password").await();

    assertProblem(401, response);
    assertEquals(CHALLENGE, response.getHeader("WWW-Authenticate"));
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @ValueSource(strings = {"Basic", "Basic !!!!", "Basic YWxpY2U=", "Digest username=alice", "basic"})
  @DisplayName("a malformed or foreign Authorization header gets 401")
  void malformedAuthorization(String header) {
    HttpResponse<Buffer> response = service.client().get("/user/alice@example.com").putHeader("Authorization", header).send().await();

    assertProblem(401, response);
    assertEquals(CHALLENGE, response.getHeader("WWW-Authenticate"));
  }

  @Test
  @DisplayName("valid credentials of another user get 403")
  void anotherUsersRecord() {
    HttpResponse<Buffer> response = service.getUser("/user/alice@example.com", "bob@example.com", PASSWORD).await();

    assertEquals("/problems/forbidden", assertProblem(403, response).getString("type"));
  }

  @Test
  @DisplayName("an unknown login in Basic credentials gets the same 401 as a wrong password")
  void unknownLogin() {
    HttpResponse<Buffer> unknown = service.getUser("/user/alice@example.com", "nobody@example.com", PASSWORD).await();
    HttpResponse<Buffer> wrong = service.getUser("/user/alice@example.com", "alice@example.com", "wrong password").await();

    assertProblem(401, unknown);
    assertEquals(wrong.bodyAsString(), unknown.bodyAsString());
  }
}
