package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("New passwords follow NIST SP 800-63B")
class PasswordPolicyTest {

  @Parameter
  Backend backend;

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.deploy().await();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"password123", "12345678", "qwertyuiop", "iloveyou1"})
  @DisplayName("a commonly used or guessable password is 422, with zxcvbn's advice in detail")
  void commonPasswords(String password) {
    JsonObject problem = assertProblem(422, service.register("bob", password).await());

    assertEquals(new JsonArray().add(new JsonObject().put("field", "password").put("message", "is too easy to guess")),
      problem.getJsonArray("errors"));
    assertTrue(problem.getString("detail").startsWith("This password is too easy to guess."), problem::encode);
  }

  @Test
  @DisplayName("a long passphrase is accepted, without composition rules")
  void passphrase() {
    assertEquals(201, service.register("bob", "correct horse battery staple").await().statusCode());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"robert.smith", "Robert.Smith1", "robertsmith2026", "robert.smith@"})
  @DisplayName("the login itself and trivial variants of it are refused")
  void loginVariants(String password) {
    assertProblem(422, service.register("robert.smith", password).await());
  }

  @Test
  @DisplayName("a taken login is still 409 whatever the password: the strength check comes after")
  void takenBeforeWeak() {
    service.register("bob", PASSWORD).await();

    assertProblem(409, service.register("bob", "12345678").await());
  }

  @Test
  @DisplayName("logging in is not judged by today's policy: a weak stored password still logs in")
  void loginNotJudged(Vertx vertx, @TempDir Path other) {
    service.undeploy().await(); // one store per Vert.x instance: the bus addresses are shared
    TestService lenient = new TestService(vertx, other.resolve("lenient"));
    lenient.config().put("password", new JsonObject().put("minGuessesLog10", 0));
    lenient.deploy().await();

    var registered = lenient.register("bob", "password123").await();
    assertEquals(201, registered.statusCode(), registered::bodyAsString);
    assertEquals(200, lenient.login("bob", "password123").await().statusCode());
  }

  @Test
  @DisplayName("the minimum length is configurable")
  void minimumLength(Vertx vertx, @TempDir Path other) {
    service.undeploy().await(); // one store per Vert.x instance: the bus addresses are shared
    TestService strict = new TestService(vertx, other.resolve("strict"));
    strict.config().put("password", new JsonObject().put("minLength", 24));
    strict.deploy().await();

    JsonObject problem = assertProblem(422, strict.register("bob", PASSWORD).await());
    assertEquals("must be at least 24 characters long", problem.getJsonArray("errors").getJsonObject(0).getString("message"));
    assertEquals(201, strict.register("bob", "correct horse battery staple").await().statusCode());
  }
}
