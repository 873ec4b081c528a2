package io.github.userservice.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The steps of the account mail tests, through the service's API and its mail as a user goes through them: register
 * with an address, open the verification mail, use its token, ask for a reset, use the reset mail's token.
 */
public final class MailUsers {

  private final TestService service;
  private final MailCatcher mail;

  public MailUsers(TestService service, MailCatcher mail) {
    this.service = service;
    this.mail = mail;
  }

  public HttpResponse<Buffer> register(String login, String email) {
    return service.postJson("/user/", new JsonObject().put("login", login).put("password", TestService.PASSWORD).put("email", email).encode())
      .await();
  }

  /** Registered with this address, and the address verified with the token of its verification mail. */
  public void registerVerified(String login, String email) throws InterruptedException {
    assertEquals(201, register(login, email).statusCode());
    MailCatcher.Mail verification = mail.awaitMail(email, mail.mailsTo(email).size() + 1);
    assertEquals(204, verify(verification.token()).statusCode(), "the verification mail's token works");
  }

  public HttpResponse<Buffer> verify(String token) {
    return service.postJson("/email/verify", new JsonObject().put("token", token).encode()).await();
  }

  public HttpResponse<Buffer> requestReset(String field, String value) {
    return service.postJson("/password-reset", new JsonObject().put(field, value).encode()).await();
  }

  public HttpResponse<Buffer> confirmReset(String token, String newPassword) {
    return service.postJson("/password-reset/confirm", new JsonObject().put("token", token).put("newPassword", newPassword).encode()).await();
  }

  /** The token of the reset mail number {@code count} to this address, once it arrived. */
  public String resetToken(String email, int count) throws InterruptedException {
    MailCatcher.Mail reset = mail.awaitMail(email, count);
    assertEquals("password-reset", reset.action(), reset.subject());
    return reset.token();
  }
}
