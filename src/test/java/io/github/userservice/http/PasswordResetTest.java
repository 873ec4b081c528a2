package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.MailUsers;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(90_000)
@DisplayName("Password reset: a link by mail to a verified address, used once")
class PasswordResetTest {

  private static final String ADMIN = "root@example.com";
  private static final String NEW_PASSWORD = "a brand new horse battery staple";
  private static final String ALICE = "alice";
  private static final String ALICE_MAIL = "alice@example.com";

  @Parameter
  Backend backend;

  private MailCatcher mail;
  private TestService service;
  private MailUsers users;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws InterruptedException {
    mail = MailCatcher.start();
    service = new TestService(vertx, dir, backend);
    service.config().put("mail", mail.config()).put("admins", new JsonArray().add(ADMIN));
    service.deploy().await();
    users = new MailUsers(service, mail);
    assertEquals(201, service.register(ADMIN, PASSWORD).await().statusCode());
    users.registerVerified(ALICE, ALICE_MAIL);
  }

  @AfterEach
  void stop() {
    mail.close();
  }

  @Test
  @DisplayName("the token from the mail sets a new password once: the old one and every access token stop working, a notice follows")
  void resetOnce() throws InterruptedException {
    String accessToken = service.token(ALICE, PASSWORD);
    HttpResponse<Buffer> accepted = users.requestReset("login", ALICE);
    assertEquals(202, accepted.statusCode());
    String token = users.resetToken(ALICE_MAIL, 2);

    assertEquals(204, users.confirmReset(token, NEW_PASSWORD).statusCode());

    assertEquals(200, service.login(ALICE, NEW_PASSWORD).await().statusCode());
    assertEquals(401, service.login(ALICE, PASSWORD).await().statusCode());
    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", accessToken).await());
    assertTrue(mail.awaitMail(ALICE_MAIL, 3).subject().contains("password was changed"), "the notice of the change");
    JsonObject used = assertProblem(400, users.confirmReset(token, "yet another horse battery staple"));
    assertEquals("/problems/invalid-token", used.getString("type"));
  }

  @Test
  @DisplayName("a request by email address, in another case, reaches the account too; the link is appUrl with the token in its fragment")
  void byEmail() throws InterruptedException {
    assertEquals(202, users.requestReset("email", "ALICE@Example.COM").statusCode());

    MailCatcher.Mail reset = mail.awaitMail(ALICE_MAIL, 2);
    assertTrue(reset.text().contains(MailCatcher.APP_URL + "#token=" + reset.token() + "&action=password-reset"), reset.text());
    assertTrue(reset.html().contains("href=\"" + MailCatcher.APP_URL + "#token=" + reset.token()), reset.html());
    assertTrue(reset.subject().contains("Example Accounts"), "the configured service name: " + reset.subject());
    assertEquals(204, users.confirmReset(reset.token(), NEW_PASSWORD).statusCode());
  }

  @Test
  @DisplayName("a request answered but never looked up (its store stopped after the 202) is looked up later: the mail arrives")
  void leftRequestResumed() throws InterruptedException {
    try (StoredUsers stored = service.storedUsers()) {
      stored.leaveResetRequest(ALICE, Instant.now().minusSeconds(60));
    }

    String token = users.resetToken(ALICE_MAIL, 2);
    assertEquals(204, users.confirmReset(token, NEW_PASSWORD).statusCode());
  }

  @Test
  @DisplayName("a newer request voids the older link")
  void newerVoidsOlder() throws InterruptedException {
    users.requestReset("login", ALICE);
    String older = users.resetToken(ALICE_MAIL, 2);
    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails(ALICE);
    }
    users.requestReset("login", ALICE);
    String newer = users.resetToken(ALICE_MAIL, 3);

    assertEquals("/problems/invalid-token", assertProblem(400, users.confirmReset(older, NEW_PASSWORD)).getString("type"));
    assertEquals(204, users.confirmReset(newer, NEW_PASSWORD).statusCode());
  }

  @Test
  @DisplayName("a password change voids a link sent before it")
  void passwordChangeVoids() throws InterruptedException {
    users.requestReset("login", ALICE);
    String token = users.resetToken(ALICE_MAIL, 2);
    assertEquals(204, service.client().put("/user/alice/password").putHeader("Authorization", basic(ALICE, PASSWORD))
      .sendJsonObject(new JsonObject().put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple")).await().statusCode());
    assertTrue(mail.awaitMail(ALICE_MAIL, 3).subject().contains("password was changed"), "PUT /user/{login}/password sends the notice too");

    assertEquals("/problems/invalid-token", assertProblem(400, users.confirmReset(token, NEW_PASSWORD)).getString("type"));
    assertEquals(200, service.login(ALICE, "another horse battery staple").await().statusCode());
  }

  @Test
  @DisplayName("a change of email address voids a link sent to the address before it")
  void emailChangeVoids() throws InterruptedException {
    users.requestReset("login", ALICE);
    String token = users.resetToken(ALICE_MAIL, 2);
    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails(ALICE);
    }
    assertEquals(200, service.client().put("/user/alice/email").putHeader("Authorization", basic(ALICE, PASSWORD))
      .sendJsonObject(new JsonObject().put("email", "alice@example.org")).await().statusCode());

    assertEquals("/problems/invalid-token", assertProblem(400, users.confirmReset(token, NEW_PASSWORD)).getString("type"));
    assertEquals(200, service.login(ALICE, PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("an expired, a used and a never-issued token get the same 400, byte for byte")
  void invalidTokensAlike() throws InterruptedException {
    users.requestReset("login", ALICE);
    String used = users.resetToken(ALICE_MAIL, 2);
    assertEquals(204, users.confirmReset(used, NEW_PASSWORD).statusCode());
    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails(ALICE);
      users.requestReset("login", ALICE);
      String expired = users.resetToken(ALICE_MAIL, 4);
      stored.expireTokens(ALICE);

      byte[] usedAnswer = users.confirmReset(used, "some other horse battery staple").body().getBytes();
      byte[] expiredAnswer = users.confirmReset(expired, "some other horse battery staple").body().getBytes();
      byte[] unknownAnswer = users.confirmReset("A".repeat(43), "some other horse battery staple").body().getBytes();
      assertArrayEquals(usedAnswer, expiredAnswer);
      assertArrayEquals(usedAnswer, unknownAnswer);
      assertEquals("/problems/invalid-token", new JsonObject(Buffer.buffer(usedAnswer)).getString("type"));
    }
  }

  @Test
  @DisplayName("an unknown login, a login without an address and an unverified address get the same 202 as a real one, and no mail")
  void sameAnswerForAll() throws InterruptedException {
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());
    assertEquals(201, users.register("carol", "carol@example.com").statusCode());
    mail.awaitMail("carol@example.com", 1);

    HttpResponse<Buffer> known = users.requestReset("login", ALICE);
    List<HttpResponse<Buffer>> others = List.of(users.requestReset("login", "nobody"), users.requestReset("login", "bob"),
      users.requestReset("login", "carol"), users.requestReset("email", "nobody@example.com"), users.requestReset("email", "carol@example.com"));

    for (HttpResponse<Buffer> other : others) {
      assertEquals(known.statusCode(), other.statusCode());
      assertEquals(known.getHeader("Content-Type"), other.getHeader("Content-Type"));
      assertArrayEquals(known.body().getBytes(), other.body().getBytes());
    }
    mail.awaitMail(ALICE_MAIL, 2);
    Thread.sleep(1_500);
    assertEquals(1, mail.mailsTo("carol@example.com").size(), "an unverified address gets no reset mail");
    assertEquals(3, mail.mails().size(), "alice's verification and reset, carol's verification: nothing else");
  }

  @Test
  @DisplayName("a second request within a minute sends no second mail, and is answered the same")
  void oneMailAMinute() throws InterruptedException {
    HttpResponse<Buffer> first = users.requestReset("login", ALICE);
    HttpResponse<Buffer> second = users.requestReset("email", ALICE_MAIL);

    assertArrayEquals(first.body().getBytes(), second.body().getBytes());
    users.resetToken(ALICE_MAIL, 2);
    Thread.sleep(1_500);
    assertEquals(2, mail.mailsTo(ALICE_MAIL).size());
  }

  @Test
  @DisplayName("the new password must pass the policy (422, the token still good), and may not be the login")
  void policy() throws InterruptedException {
    users.requestReset("login", ALICE);
    String token = users.resetToken(ALICE_MAIL, 2);

    assertEquals("/problems/validation", assertProblem(422, users.confirmReset(token, "short")).getString("type"));
    assertEquals("/problems/validation", assertProblem(422, users.confirmReset(token, "password123")).getString("type"));
    assertEquals("/problems/validation", assertProblem(422, users.confirmReset(token, "alicealice")).getString("type"));
    assertEquals(204, users.confirmReset(token, NEW_PASSWORD).statusCode());
  }

  @Test
  @DisplayName("every step is in the audit trail, and no token is in it, in a log line or stored as sent")
  void audited() throws InterruptedException {
    users.requestReset("login", "nobody");
    users.requestReset("login", ALICE);
    String token = users.resetToken(ALICE_MAIL, 2);
    users.confirmReset("B".repeat(43), NEW_PASSWORD);
    assertEquals(204, users.confirmReset(token, NEW_PASSWORD).statusCode());

    // the admin's own Basic logins, to read the trail, come last
    List<String> types = events().stream().map(event -> ((JsonObject) event).getString("type")).filter(type -> !type.startsWith("login.")).toList();
    assertEquals(List.of("user.registered", "user.registered", "email.verification_requested", "email.verified", "password.reset_ignored",
      "password.reset_requested", "password.reset_failed", "password.reset"), types);
    assertFalse(events().encode().contains(token));
    try (StoredUsers stored = service.storedUsers()) {
      assertFalse(stored.storedTokens().contains(token), "only the digest is stored");
    }
  }

  private JsonArray events() {
    return service.client().get("/admin/audit?limit=100").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await()
      .bodyAsJsonObject().getJsonArray("events");
  }
}
