package io.github.userservice.http;

import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Account mail routes: hostile input gets a problem document; without mail.host they answer 503")
class AccountMailInputTest {

  private MailCatcher mail;

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.close();
    }
  }

  private TestService withMail(Vertx vertx, Path dir) {
    mail = MailCatcher.start();
    TestService service = new TestService(vertx, dir);
    service.config().put("mail", mail.config());
    service.deploy().await();
    return service;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a@b.c\r\nBcc: victim@example.com", "a@b.c\nBcc: victim@example.com", "ålice@example.com", "alice@exämple.com",
    "\"quoted\"@example.com", "alice@[127.0.0.1]", "alice@localhost", "alice@example.123", "alice", "@example.com", "alice@", "a..b@example.com",
    ".alice@example.com", "alice@-example.com", "alice example@example.com", "alice@example.com,bob@example.com", "alice@example.com>"})
  @DisplayName("an address that is not a plain addr-spec of printable ASCII is 422 at registration, at a change and in a reset request")
  void refusedAddresses(String email, Vertx vertx, @TempDir Path dir) {
    TestService service = withMail(vertx, dir);
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());

    assertEquals("email", field(assertProblem(422, post(service, "/user/",
      new JsonObject().put("login", "alice").put("password", PASSWORD).put("email", email)))));
    assertEquals("email", field(assertProblem(422, service.client().put("/user/bob/email").putHeader("Authorization", basic("bob", PASSWORD))
      .sendJsonObject(new JsonObject().put("email", email)).await())));
    assertEquals("email", field(assertProblem(422, post(service, "/password-reset", new JsonObject().put("email", email)))));
    assertTrue(mail.mails().isEmpty());
  }

  @Test
  @DisplayName("an address over 254 characters, or with more than 64 before the @, is 422")
  void tooLong(Vertx vertx, @TempDir Path dir) {
    TestService service = withMail(vertx, dir);
    String longDomain = "a@" + ("b".repeat(60) + ".").repeat(4) + "c".repeat(10) + ".com";
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("email", longDomain)));
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("email", "a".repeat(65) + "@example.com")));
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("email", "a".repeat(5_000) + "@example.com")));
  }

  @Test
  @DisplayName("a reset request needs exactly one of login and email, as strings")
  void resetRequestShape(Vertx vertx, @TempDir Path dir) {
    TestService service = withMail(vertx, dir);
    assertProblem(422, post(service, "/password-reset", new JsonObject()));
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("login", "alice").put("email", "alice@example.com")));
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("login", 42)));
    assertProblem(422, post(service, "/password-reset", new JsonObject().put("login", "a")));
    assertProblem(400, service.postJson("/password-reset", "{\"login\": \"alice\"").await());
    assertProblem(400, service.postJson("/password-reset", "{\"login\": \"alice\", \"login\": \"bob\"}").await());
  }

  @Test
  @DisplayName("tokens of the wrong length, alphabet or type are refused like unknown ones, never with a 500")
  void hostileTokens(Vertx vertx, @TempDir Path dir) {
    TestService service = withMail(vertx, dir);
    for (String token : List.of("", "short", "A".repeat(42), "A".repeat(44), "A".repeat(10_000), "A".repeat(42) + "=", "A".repeat(42) + "\u00e9",
      "' OR 1=1 --" + "A".repeat(32), "../../../../etc/passwd" + "A".repeat(21))) {
      assertEquals("/problems/invalid-token", assertProblem(400, post(service, "/password-reset/confirm",
        new JsonObject().put("token", token).put("newPassword", "a brand new horse battery staple"))).getString("type"), token);
      assertEquals("/problems/invalid-token", assertProblem(400, post(service, "/email/verify", new JsonObject().put("token", token)))
        .getString("type"), token);
    }
    assertEquals("token", field(assertProblem(422, post(service, "/email/verify", new JsonObject().put("token", 12)))));
    assertEquals("token", field(assertProblem(422, post(service, "/password-reset/confirm", new JsonObject().put("newPassword", "x".repeat(20))))));
    assertEquals("newPassword", field(assertProblem(422, post(service, "/password-reset/confirm", new JsonObject().put("token", "A".repeat(43))))));
  }

  @Test
  @DisplayName("without mail.host every route that sends mail, and registration with an address, is 503 /problems/mail-not-configured; readiness is 200")
  void mailOff(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());

    List<HttpResponse<Buffer>> answers = List.of(
      post(service, "/user/", new JsonObject().put("login", "alice").put("password", PASSWORD).put("email", "alice@example.com")),
      post(service, "/password-reset", new JsonObject().put("login", "bob")),
      post(service, "/password-reset/confirm", new JsonObject().put("token", "A".repeat(43)).put("newPassword", "a brand new horse battery staple")),
      post(service, "/email/verify", new JsonObject().put("token", "A".repeat(43))),
      service.client().put("/user/bob/email").putHeader("Authorization", basic("bob", PASSWORD))
        .sendJsonObject(new JsonObject().put("email", "bob@example.com")).await(),
      service.client().post("/user/bob/email/verify-resend").putHeader("Authorization", basic("bob", PASSWORD)).send().await());
    for (HttpResponse<Buffer> answer : answers) {
      assertEquals("/problems/mail-not-configured", assertProblem(503, answer).getString("type"));
    }
    assertEquals(200, service.client().get("/health/ready").send().await().statusCode());
  }

  private static HttpResponse<Buffer> post(TestService service, String path, JsonObject body) {
    return service.postJson(path, body.encode()).await();
  }

  private static String field(JsonObject problem) {
    return problem.getJsonArray("errors").getJsonObject(0).getString("field");
  }
}
