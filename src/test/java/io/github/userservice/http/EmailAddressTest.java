package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.MailUsers;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(90_000)
@DisplayName("Email addresses: one per user, unique in any case, verified by a link sent to it")
class EmailAddressTest {

  @Parameter
  Backend backend;

  private MailCatcher mail;
  private TestService service;
  private MailUsers users;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    mail = MailCatcher.start();
    service = new TestService(vertx, dir, backend);
    service.config().put("mail", mail.config());
    service.deploy().await();
    users = new MailUsers(service, mail);
  }

  @AfterEach
  void stop() {
    mail.close();
  }

  @Test
  @DisplayName("an address given at registration is shown unverified, its domain in lower case, until the mail's link is used, once")
  void verifyAtRegistration() throws InterruptedException {
    HttpResponse<Buffer> registered = users.register("alice", "Alice.Smith@Example.COM");
    assertEquals(201, registered.statusCode());
    assertEquals("Alice.Smith@example.com", registered.bodyAsJsonObject().getString("email"));
    assertFalse(registered.bodyAsJsonObject().getBoolean("emailVerified"));

    MailCatcher.Mail verification = mail.awaitMail("Alice.Smith@example.com", 1);
    assertEquals("email-verify", verification.action());
    assertEquals(204, users.verify(verification.token()).statusCode());

    JsonObject user = service.getUser("/user/alice", "alice", PASSWORD).await().bodyAsJsonObject();
    assertEquals("Alice.Smith@example.com", user.getString("email"));
    assertTrue(user.getBoolean("emailVerified"));
    assertEquals("/problems/invalid-token", assertProblem(400, users.verify(verification.token())).getString("type"));
  }

  @Test
  @DisplayName("an address another user has, in any case, is 409 at registration and at a change")
  void taken() throws InterruptedException {
    assertEquals(201, users.register("alice", "alice@example.com").statusCode());
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());

    JsonObject atRegistration = assertProblem(409, users.register("carol", "ALICE@example.com"));
    assertEquals("/problems/email-taken", atRegistration.getString("type"));
    assertEquals("/problems/email-taken", assertProblem(409, changeEmail("bob", "Alice@EXAMPLE.com")).getString("type"));
    try (StoredUsers stored = service.storedUsers()) {
      assertEquals(0, stored.count("carol"), "nothing stored");
    }
  }

  @Test
  @DisplayName("a change sends a verification mail to the new address and a notice to the old one; a token for the old address no longer verifies")
  void change() throws InterruptedException {
    assertEquals(201, users.register("alice", "alice@example.com").statusCode());
    String first = mail.awaitMail("alice@example.com", 1).token();
    assertEquals(204, users.verify(first).statusCode());
    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails("alice");
    }

    HttpResponse<Buffer> changed = changeEmail("alice", "alice@example.org");
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertEquals("alice@example.org", changed.bodyAsJsonObject().getString("email"));
    assertFalse(changed.bodyAsJsonObject().getBoolean("emailVerified"));

    assertTrue(mail.awaitMail("alice@example.com", 2).subject().contains("email address was changed"));
    String second = mail.awaitMail("alice@example.org", 1).token();
    assertEquals(204, users.verify(second).statusCode());
    assertTrue(service.getUser("/user/alice", "alice", PASSWORD).await().bodyAsJsonObject().getBoolean("emailVerified"));
  }

  @Test
  @DisplayName("a token sent to an address the user changed since verifies nothing; that old address, never verified, gets the notice too")
  void tokenBoundToAddress() throws InterruptedException {
    assertEquals(201, users.register("alice", "alice@example.com").statusCode());
    String forOld = mail.awaitMail("alice@example.com", 1).token();
    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails("alice");
    }
    assertEquals(200, changeEmail("alice", "alice@example.org").statusCode());

    assertTrue(mail.awaitMail("alice@example.com", 2).subject().contains("email address was changed"));
    assertProblem(400, users.verify(forOld));
    assertFalse(service.getUser("/user/alice", "alice", PASSWORD).await().bodyAsJsonObject().getBoolean("emailVerified"));
  }

  @Test
  @DisplayName("a second change within a minute of the last verification mail is 429; a resend then is 202 and sends nothing")
  void oneVerificationMailAMinute() throws InterruptedException {
    assertEquals(201, users.register("alice", "alice@example.com").statusCode());
    mail.awaitMail("alice@example.com", 1);

    HttpResponse<Buffer> tooSoon = changeEmail("alice", "alice@example.org");
    assertEquals("/problems/too-many-attempts", assertProblem(429, tooSoon).getString("type"));
    assertTrue(Integer.parseInt(tooSoon.getHeader("Retry-After")) >= 1);
    assertEquals(202, resend("alice").statusCode());
    Thread.sleep(1_500);
    assertEquals(1, mail.mailsTo("alice@example.com").size());

    try (StoredUsers stored = service.storedUsers()) {
      stored.allowNextMails("alice");
    }
    assertEquals(202, resend("alice").statusCode());
    String resent = mail.awaitMail("alice@example.com", 2).token();
    assertEquals(204, users.verify(resent).statusCode());
  }

  @Test
  @DisplayName("only the user itself changes its address or asks for its mail again: another user gets 403")
  void ownOnly() {
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    assertEquals(201, service.register("bob", PASSWORD).await().statusCode());

    assertProblem(403, service.client().put("/user/alice/email").putHeader("Authorization", basic("bob", PASSWORD))
      .sendJsonObject(new JsonObject().put("email", "bob@example.com")).await());
    assertProblem(403, service.client().post("/user/alice/email/verify-resend").putHeader("Authorization", basic("bob", PASSWORD)).send().await());
    assertProblem(401, service.client().put("/user/alice/email").sendJsonObject(new JsonObject().put("email", "x@example.com")).await());
  }

  @Test
  @DisplayName("a change through an access token shows at once in the user's record")
  void bearer() {
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    String token = service.token("alice", PASSWORD);
    assertFalse(service.withToken(HttpMethod.GET, "/user/alice", token).await().bodyAsJsonObject().containsKey("email"));

    assertEquals(200, service.client().put("/user/alice/email").putHeader("Authorization", "Bearer " + token)
      .sendJsonObject(new JsonObject().put("email", "alice@example.com")).await().statusCode());

    assertEquals("alice@example.com", service.withToken(HttpMethod.GET, "/user/alice", token).await().bodyAsJsonObject().getString("email"));
  }

  private HttpResponse<Buffer> changeEmail(String login, String email) {
    return service.client().put("/user/" + login + "/email").putHeader("Authorization", basic(login, PASSWORD))
      .sendJsonObject(new JsonObject().put("email", email)).await();
  }

  private HttpResponse<Buffer> resend(String login) {
    return service.client().post("/user/" + login + "/email/verify-resend").putHeader("Authorization", basic(login, PASSWORD)).send().await();
  }
}
