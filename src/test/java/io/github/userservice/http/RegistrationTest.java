package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Future;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("POST /user/ registers a login")
class RegistrationTest {

  @Parameter
  Backend backend;

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.deploy().await();
  }

  @Test
  @DisplayName("a new login gets 201, a Location and the canonical login with its registration date")
  void registers() {
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<Buffer> response = service.register("alice@example.com", PASSWORD).await();

    assertEquals(201, response.statusCode());
    assertEquals("/user/alice@example.com", response.getHeader("Location"));
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("alice@example.com", body.getString("login"));
    Instant registeredAt = Instant.parse(body.getString("registeredAt"));
    assertTrue(body.getString("registeredAt").endsWith("Z"), "UTC");
    assertTrue(!registeredAt.isBefore(before) && registeredAt.isBefore(Instant.now().plus(Duration.ofSeconds(1))));
    assertEquals(2, body.size(), "only login and registeredAt");
  }

  @Test
  @DisplayName("the response shows the canonical login: NFKC, then lower case")
  void canonicalLogin() {
    HttpResponse<Buffer> response = service.register("Ａlice@Example.COM", PASSWORD).await();

    assertEquals(201, response.statusCode());
    assertEquals("alice@example.com", response.bodyAsJsonObject().getString("login"));
  }

  @Test
  @DisplayName("a non-ASCII login is percent-encoded in Location")
  void nonAsciiLocation() {
    HttpResponse<Buffer> response = service.register("zoë", PASSWORD).await();

    assertEquals(201, response.statusCode());
    assertEquals("/user/zo%C3%AB", response.getHeader("Location"));
  }

  @ParameterizedTest(name = "{0} collides with alice@example.com")
  @ValueSource(strings = {"alice@example.com", "Alice@Example.com", "ALICE@EXAMPLE.COM", "ａｌｉｃｅ@ｅｘａｍｐｌｅ.ｃｏｍ"})
  @DisplayName("a login taken in its canonical form is refused with 409")
  void takenLogin(String login) {
    service.register("alice@example.com", PASSWORD).await();

    HttpResponse<Buffer> response = service.register(login, "another password").await();

    JsonObject problem = assertProblem(409, response);
    assertEquals("/problems/login-taken", problem.getString("type"));
  }

  @Test
  @DisplayName("twenty parallel registrations of one login give exactly one 201 and nineteen 409")
  void parallelRegistrations() {
    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 20)
      .mapToObj(i -> service.register("racer", PASSWORD + " " + i))
      .toList();
    List<Integer> statuses = Future.join(attempts).await().<HttpResponse<Buffer>>list().stream()
      .map(HttpResponse::statusCode).toList();

    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
    assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
  }

  @Test
  @DisplayName("no response contains the password or the hash")
  void noSecretsInResponses() {
    String password = "a very particular secret";
    List<HttpResponse<Buffer>> responses = List.of(
      service.register("carol", password).await(),
      service.register("carol", password).await(),
      service.login("carol", password).await(),
      service.login("carol", password + "!").await(),
      service.getUser("/user/carol", "carol", password).await());

    for (HttpResponse<Buffer> response : responses) {
      String text = response.bodyAsString() + response.headers();
      assertFalse(text.contains(password), text);
      assertFalse(text.contains("argon2"), text);
      assertFalse(text.contains("$"), text);
    }
  }
}
