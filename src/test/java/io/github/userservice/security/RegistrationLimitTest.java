package io.github.userservice.security;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Registrations are limited per client address")
class RegistrationLimitTest {

  private static final int LIMIT = 3;

  @Parameter
  Backend backend;

  @Test
  @DisplayName("the attempt past the limit gets 429 with Retry-After, before any hash; another address still registers")
  void limitPerAddress(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, null);
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(201, register(service, "user" + i, "203.0.113.7").statusCode());
    }
    long hashes = service.argon2Operations();

    HttpResponse<Buffer> refused = register(service, "one-more", "203.0.113.7");

    JsonObject problem = assertProblem(429, refused);
    assertEquals("/problems/too-many-attempts", problem.getString("type"));
    long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
    assertTrue(retryAfter > 3_500 && retryAfter <= 3_600, "until the first attempt is an hour old: " + retryAfter);
    assertEquals(hashes, service.argon2Operations(), "no hash was computed");
    assertEquals(201, register(service, "one-more", "198.51.100.1").statusCode());
  }

  @Test
  @DisplayName("a taken login counts as an attempt, and past the limit it gets the same 429 as a free one")
  void takenLoginsCountAlike(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, null);
    assertEquals(201, register(service, "alice", "203.0.113.7").statusCode());
    assertEquals(409, register(service, "alice", "203.0.113.7").statusCode());
    assertEquals(409, register(service, "alice", "203.0.113.7").statusCode());

    HttpResponse<Buffer> taken = register(service, "alice", "203.0.113.7");
    HttpResponse<Buffer> free = register(service, "bob", "203.0.113.7");

    assertProblem(429, taken);
    assertEquals(taken.bodyAsString(), free.bodyAsString(), "the same answer, taken or not");
    assertEquals(taken.getHeader("Retry-After"), free.getHeader("Retry-After"));
  }

  @Test
  @DisplayName("the addresses of one IPv6 /64 count as one")
  void ipv6PerSlash64(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, null);
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(201, register(service, "user" + i, "2001:db8:1:2::" + (i + 1)).statusCode());
    }

    assertProblem(429, register(service, "one-more", "2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertEquals(201, register(service, "one-more", "2001:db8:1:3::1").statusCode(), "the next /64 is another address");
  }

  @Test
  @DisplayName("X-Forwarded-For from a peer that is not a trusted proxy changes nothing: the peer is the address")
  void spoofedForwardedFor(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, new JsonArray().add("10.0.0.0/8"));
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(201, register(service, "user" + i, "203.0.113." + (i + 1)).statusCode());
    }

    assertProblem(429, register(service, "one-more", "198.51.100.200"));
  }

  private TestService deploy(Vertx vertx, Path dir, JsonArray trustedProxies) {
    TestService service = new TestService(vertx, dir, backend);
    service.config().getJsonObject("throttle").put("registrationsPerAddressPerHour", LIMIT);
    if (trustedProxies != null) {
      service.config().getJsonObject("http").put("trustedProxies", trustedProxies);
    }
    service.deploy().await();
    return service;
  }

  /** The test client is on loopback, a trusted proxy by default: X-Forwarded-For names the client address. */
  private static HttpResponse<Buffer> register(TestService service, String login, String clientAddress) {
    return service.client().post("/user/").putHeader("Content-Type", "application/json").putHeader("X-Forwarded-For", clientAddress)
      .sendBuffer(Buffer.buffer(TestService.credentials(login, PASSWORD))).await();
  }
}
