package io.github.userservice.session;

import io.github.userservice.support.Authenticator;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.MailUsers;
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
import java.util.List;

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
@DisplayName("Sessions and second factors with account mail: a reset ends sessions, a recovery code's use is told by mail")
class SessionMailTest {

  private static final String NEW_PASSWORD = "a brand new horse battery staple";
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
    service.config().put("mail", mail.config());
    service.deploy().await();
    users = new MailUsers(service, mail);
    users.registerVerified("alice", ALICE_MAIL);
  }

  @AfterEach
  void stop() {
    mail.close();
  }

  @Test
  @DisplayName("a password reset ends every session: their refresh and access tokens are refused, and none is listed")
  void resetEndsSessions() throws InterruptedException {
    JsonObject phone = login();
    JsonObject laptop = login();
    assertEquals(202, users.requestReset("login", "alice").statusCode());

    assertEquals(204, users.confirmReset(users.resetToken(ALICE_MAIL, 2), NEW_PASSWORD).statusCode());

    for (JsonObject session : List.of(phone, laptop)) {
      assertProblem(401, refresh(session.getString("refreshToken")));
      assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", session.getString("accessToken")).await());
    }
    HttpResponse<Buffer> listed = service.getUser("/user/alice/sessions", "alice", NEW_PASSWORD).await();
    assertEquals(200, listed.statusCode(), listed::bodyAsString);
    assertTrue(listed.bodyAsJsonObject().getJsonArray("sessions").isEmpty(), listed::bodyAsString);
  }

  @Test
  @DisplayName("a recovery code used to log in sends a notice to the verified address, with how many are left and no code")
  void recoveryCodeNotice() throws InterruptedException {
    HttpResponse<Buffer> enrolled = service.client().post("/user/alice/totp").putHeader("Authorization", basic("alice", PASSWORD)).send().await();
    Authenticator app = Authenticator.scanning(enrolled.bodyAsJsonObject().getString("uri"));
    HttpResponse<Buffer> confirmed = service.client().post("/user/alice/totp/confirm").putHeader("Authorization", basic("alice", PASSWORD))
      .sendJsonObject(new JsonObject().put("code", app.code())).await();
    assertEquals(200, confirmed.statusCode(), confirmed::bodyAsString);
    String recoveryCode = confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes").getString(0);
    String mfaToken = service.login("alice", PASSWORD).await().bodyAsJsonObject().getString("mfaToken");

    HttpResponse<Buffer> second = service.postJson("/login/mfa", new JsonObject().put("mfaToken", mfaToken).put("recoveryCode", recoveryCode)
      .encode()).await();

    assertEquals(200, second.statusCode(), second::bodyAsString);
    MailCatcher.Mail notice = mail.awaitMail(ALICE_MAIL, 2);
    assertTrue(notice.subject().contains("recovery code"), notice.subject());
    assertTrue(notice.text().contains("9 of them are left"), notice.text());
    assertFalse(notice.text().contains(recoveryCode) || notice.html().contains(recoveryCode), "the code itself is in no mail");
  }

  @Test
  @DisplayName("a TOTP code sends no mail: only recovery codes are worth a notice")
  void totpCodeSilent() throws InterruptedException {
    HttpResponse<Buffer> enrolled = service.client().post("/user/alice/totp").putHeader("Authorization", basic("alice", PASSWORD)).send().await();
    Authenticator app = Authenticator.scanning(enrolled.bodyAsJsonObject().getString("uri"));
    assertEquals(200, service.client().post("/user/alice/totp/confirm").putHeader("Authorization", basic("alice", PASSWORD))
      .sendJsonObject(new JsonObject().put("code", app.code())).await().statusCode());
    String mfaToken = service.login("alice", PASSWORD).await().bodyAsJsonObject().getString("mfaToken");

    HttpResponse<Buffer> second = service.postJson("/login/mfa", new JsonObject().put("mfaToken", mfaToken)
      .put("code", app.code(Authenticator.stepNow() + 1)).encode()).await();

    assertEquals(200, second.statusCode(), second::bodyAsString);
    Thread.sleep(2_000);
    assertEquals(1, mail.mailsTo(ALICE_MAIL).size(), "the verification mail only");
  }

  private JsonObject login() {
    HttpResponse<Buffer> response = service.login("alice", PASSWORD).await();
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> refresh(String refreshToken) {
    return service.postJson("/token/refresh", new JsonObject().put("refreshToken", refreshToken).encode()).await();
  }
}
