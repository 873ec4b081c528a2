package io.github.userservice.security;

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
import java.util.ArrayList;
import java.util.List;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Failed logins are throttled")
class ThrottlingTest {

  @Parameter
  Backend backend;

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.config().getJsonObject("throttle").put("addressFailuresPerMinute", 20);
    service.deploy().await();
    service.register("alice", PASSWORD).await();
  }

  @Test
  @DisplayName("after five failures the account gets 429 with Retry-After and a problem document")
  void accountBackoff() {
    List<Integer> statuses = failLogins("alice", 5);
    HttpResponse<Buffer> throttled = login("alice", PASSWORD, "198.51.100.1");

    assertEquals(List.of(401, 401, 401, 401, 401), statuses);
    JsonObject problem = assertProblem(429, throttled);
    assertEquals("/problems/too-many-attempts", problem.getString("type"));
    assertEquals("1", throttled.getHeader("Retry-After"));
  }

  @Test
  @DisplayName("a throttled attempt costs no Argon2 time, even with the right password")
  void noArgon2WhenThrottled() {
    failLogins("alice", 5);
    long before = service.argon2Operations();

    assertEquals(429, login("alice", PASSWORD, "198.51.100.1").statusCode());
    assertEquals(before, service.argon2Operations());
  }

  @Test
  @DisplayName("an unknown login is throttled exactly like an existing one: no enumeration through 429")
  void noEnumeration() {
    List<Integer> existing = failLogins("alice", 6);
    List<Integer> unknown = failLogins("nobody", 6);
    HttpResponse<Buffer> existingThrottled = login("alice", "wrong password", "198.51.100.9");
    HttpResponse<Buffer> unknownThrottled = login("nobody", "wrong password", "198.51.100.9");

    assertEquals(existing, unknown);
    assertEquals(existingThrottled.statusCode(), unknownThrottled.statusCode());
    assertEquals(existingThrottled.getHeader("Retry-After"), unknownThrottled.getHeader("Retry-After"));
    assertArrayEquals(existingThrottled.body().getBytes(), unknownThrottled.body().getBytes());
  }

  @Test
  @DisplayName("a success resets the account's counter")
  void successResets() {
    failLogins("alice", 4);
    assertEquals(200, login("alice", PASSWORD, "198.51.100.1").statusCode());

    assertEquals(List.of(401, 401, 401, 401), failLogins("alice", 4));
  }

  @Test
  @DisplayName("the back-off ends: after Retry-After the right password logs in")
  void backoffEnds() throws InterruptedException {
    failLogins("alice", 5);
    long wait = Long.parseLong(login("alice", PASSWORD, "198.51.100.1").getHeader("Retry-After"));
    Thread.sleep(wait * 1000 + 100);

    assertEquals(200, login("alice", PASSWORD, "198.51.100.1").statusCode());
  }

  @Test
  @DisplayName("an address gets a limited number of failures a minute, whatever logins it tries; other addresses are unaffected")
  void addressLimit() {
    for (int i = 0; i < 20; i++) {
      assertEquals(401, login("user" + i, "wrong password", "203.0.113.7").statusCode());
    }

    assertProblem(429, login("alice", PASSWORD, "203.0.113.7"));
    assertEquals(200, login("alice", PASSWORD, "198.51.100.1").statusCode());
  }

  @Test
  @DisplayName("Basic authentication on GET /user/{login} counts and is throttled too")
  void basicAuthentication() {
    for (int i = 0; i < 5; i++) {
      assertEquals(401, service.getUser("/user/alice", "alice", "wrong password").await().statusCode());
    }

    assertProblem(429, service.getUser("/user/alice", "alice", PASSWORD).await());
    assertProblem(429, login("alice", PASSWORD, "127.0.0.1"));
  }

  /** Wrong passwords for one login, each from its own address so that only the account counter grows. */
  private List<Integer> failLogins(String login, int times) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      statuses.add(login(login, "wrong password", "192.0.2." + (i + 1)).statusCode());
    }
    return statuses;
  }

  /** The test client is on loopback, a trusted proxy by default: X-Forwarded-For names the client address. */
  private HttpResponse<Buffer> login(String login, String password, String clientAddress) {
    return service.client().post("/login").putHeader("Content-Type", "application/json").putHeader("X-Forwarded-For", clientAddress)
      .sendBuffer(Buffer.buffer(TestService.credentials(login, password))).await();
  }
}
