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
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("POST /login checks a password")
class LoginTest {

  @Parameter
  Backend backend;

  private TestService service;
  private JsonObject alice;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.deploy().await();
    alice = service.register("alice@example.com", PASSWORD).await().bodyAsJsonObject();
  }

  @Test
  @DisplayName("the right password gets 200 with the login, the registration date and a Bearer access token")
  void rightPassword() {
    HttpResponse<Buffer> response = service.login("alice@example.com", PASSWORD).await();

    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(alice.getString("login"), body.getString("login"));
    assertEquals(alice.getString("registeredAt"), body.getString("registeredAt"));
    assertEquals("Bearer", body.getString("tokenType"));
    assertEquals(900, body.getInteger("expiresIn"));
    assertEquals(3, body.getString("accessToken").split("\\.").length, "a signed JWT");
  }

  @Test
  @DisplayName("the login is matched in its canonical form")
  void canonicalLogin() {
    assertEquals(200, service.login("ALICE@example.com", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a wrong password gets 401 invalid-credentials, without a Basic challenge")
  void wrongPassword() {
    HttpResponse<Buffer> response = service.login("alice@example.com", "wrong password").await();

    JsonObject problem = assertProblem(401, response);
    assertEquals("/problems/invalid-credentials", problem.getString("type"));
    assertNull(response.getHeader("WWW-Authenticate"));
  }

  @Test
  @DisplayName("an unknown login and a wrong password get byte-identical 401 bodies")
  void noEnumeration() {
    HttpResponse<Buffer> wrongPassword = service.login("alice@example.com", "wrong password").await();
    HttpResponse<Buffer> unknownLogin = service.login("nobody@example.com", "wrong password").await();

    assertEquals(401, unknownLogin.statusCode());
    assertArrayEquals(wrongPassword.body().getBytes(), unknownLogin.body().getBytes());
    assertEquals(wrongPassword.getHeader("Content-Type"), unknownLogin.getHeader("Content-Type"));
  }

  @Test
  @DisplayName("a login that breaks the login rules is 422")
  void invalidLogin() {
    assertProblem(422, service.login("a b", PASSWORD).await());
  }

  @Test
  @DisplayName("a password shorter than today's minimum is checked, not refused: 401")
  void shortPasswordIsJustWrong() {
    assertProblem(401, service.login("alice@example.com", "short").await());
  }
}
