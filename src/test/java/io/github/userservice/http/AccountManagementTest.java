package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Users manage their account")
class AccountManagementTest {

  @Parameter
  Backend backend;

  private static final String NEW_PASSWORD = "another horse battery staple";

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.deploy().await();
    service.register("alice", PASSWORD).await();
    service.register("bob", PASSWORD).await();
  }

  @Test
  @DisplayName("PUT /user/{login}/password with the right current password is 204; then only the new password logs in")
  void changesPassword() {
    HttpResponse<Buffer> response = changePassword("/user/alice/password", TestService.basic("alice", PASSWORD), PASSWORD, NEW_PASSWORD);

    assertEquals(204, response.statusCode(), response::bodyAsString);
    assertEquals(401, service.login("alice", PASSWORD).await().statusCode());
    assertEquals(200, service.login("alice", NEW_PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a Bearer token authenticates the change as well")
  void changeWithToken() {
    String token = service.token("alice", PASSWORD);

    assertEquals(204, changePassword("/user/alice/password", "Bearer " + token, PASSWORD, NEW_PASSWORD).statusCode());
  }

  @Test
  @DisplayName("a wrong current password is 403 wrong-password and leaves the password as it was")
  void wrongCurrentPassword() {
    HttpResponse<Buffer> response = changePassword("/user/alice/password", "Bearer " + service.token("alice", PASSWORD), "not my password", NEW_PASSWORD);

    assertEquals("/problems/wrong-password", assertProblem(403, response).getString("type"));
    assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("wrong current passwords count as failed logins: a stolen token cannot guess the password")
  void wrongCurrentPasswordsAreThrottled() {
    String token = service.token("alice", PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertEquals(403, changePassword("/user/alice/password", "Bearer " + token, "guess number " + i, NEW_PASSWORD).statusCode());
    }

    assertProblem(429, changePassword("/user/alice/password", "Bearer " + token, PASSWORD, NEW_PASSWORD));
  }

  @Test
  @DisplayName("the new password passes the password policy: 422 otherwise")
  void policy() {
    String authorization = TestService.basic("alice", PASSWORD);

    assertProblem(422, changePassword("/user/alice/password", authorization, PASSWORD, "password123"));
    assertProblem(422, changePassword("/user/alice/password", authorization, PASSWORD, "short"));
    assertProblem(422, changePassword("/user/alice/password", authorization, PASSWORD, "alice"));
    assertProblem(422, service.client().put("/user/alice/password").putHeader("Authorization", authorization)
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"newPassword\":\"" + NEW_PASSWORD + "\"}")).await());
  }

  @Test
  @DisplayName("changing another user's password is 403, and without credentials 401")
  void onlyOneself() {
    assertProblem(403, changePassword("/user/bob/password", TestService.basic("alice", PASSWORD), PASSWORD, NEW_PASSWORD));
    assertProblem(401, changePassword("/user/alice/password", null, PASSWORD, NEW_PASSWORD));
  }

  @Test
  @DisplayName("DELETE /user/{login} is 204; the user can no longer log in and the login is free again")
  void deletes() {
    HttpResponse<Buffer> deleted = service.client().delete("/user/alice").putHeader("Authorization", TestService.basic("alice", PASSWORD)).send().await();

    assertEquals(204, deleted.statusCode());
    assertEquals(401, service.login("alice", PASSWORD).await().statusCode());
    assertEquals(201, service.register("Alice", NEW_PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a user deletes itself with a token too, but never another user")
  void deleteWithToken() {
    assertProblem(403, service.withToken(HttpMethod.DELETE, "/user/bob", service.token("alice", PASSWORD)).await());
    assertEquals(204, service.withToken(HttpMethod.DELETE, "/user/alice", service.token("alice", PASSWORD)).await().statusCode());
    assertEquals(200, service.login("bob", PASSWORD).await().statusCode());
  }

  private HttpResponse<Buffer> changePassword(String path, String authorization, String current, String next) {
    var request = service.client().put(path).putHeader("Content-Type", "application/json");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.sendBuffer(Buffer.buffer(new JsonObject().put("currentPassword", current).put("newPassword", next).encode())).await();
  }
}
