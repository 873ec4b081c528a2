package io.github.userservice.mail;

import io.github.userservice.support.Backend;
import io.github.userservice.support.LogCapture;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.MailUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(120_000)
@DisplayName("Mail delivery: a relay that is down delays mail, a relay without STARTTLS gets none when it is required, no secret in a log")
class MailDeliveryTest {

  @Parameter
  Backend backend;

  private MailCatcher mail;

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  @DisplayName("with the relay down, requests still answer 202; the mail arrives once the relay is back")
  void relayDown(Vertx vertx, @TempDir Path dir) throws InterruptedException {
    mail = MailCatcher.start();
    TestService service = deploy(vertx, dir, mail.config());
    MailUsers users = new MailUsers(service, mail);
    users.registerVerified("alice", "alice@example.com");

    mail.stop();
    assertEquals(202, users.requestReset("login", "alice").statusCode());
    assertEquals(201, users.register("bob", "bob@example.com").statusCode());
    Thread.sleep(3_000);
    mail.listen();

    String token = users.resetToken("alice@example.com", 1);
    assertEquals(204, users.confirmReset(token, "a brand new horse battery staple").statusCode());
    assertEquals("email-verify", mail.awaitMail("bob@example.com", 1).action());
  }

  @Test
  @DisplayName("startTls REQUIRED (the default) sends nothing to a relay that offers no STARTTLS, and says why in the log")
  void startTlsRequired(Vertx vertx, @TempDir Path dir) throws InterruptedException {
    mail = MailCatcher.start();
    try (LogCapture log = LogCapture.capture()) {
      JsonObject config = mail.config();
      config.remove("startTls");
      TestService service = deploy(vertx, dir, config);

      assertEquals(201, new MailUsers(service, mail).register("alice", "alice@example.com").statusCode());

      awaitTrue(() -> log.contains("was not taken by 127.0.0.1:" + mail.port()), "the refusal in the log", Duration.ofSeconds(30));
      assertTrue(log.lines().stream().anyMatch(line -> line.contains("STARTTLS")), String.join("\n", log.lines()));
      assertTrue(mail.mails().isEmpty(), "nothing crossed in clear");
    }
  }

  @Test
  @DisplayName("no token and no relay password in any log line, through a whole reset with a relay login")
  void noSecretsLogged(Vertx vertx, @TempDir Path dir) throws Exception {
    mail = MailCatcher.start();
    String relayPassword = "relay-secret-" + System.nanoTime();
    Path passwordFile = Files.writeString(dir.resolve("smtp-password"), relayPassword + "\n");
    mail.acceptLogin("relay-user", relayPassword);
    try (LogCapture log = LogCapture.capture()) {
      TestService service = deploy(vertx, dir, mail.config().put("username", "relay-user").put("passwordFile", passwordFile.toString()));
      MailUsers users = new MailUsers(service, mail);
      users.registerVerified("alice", "alice@example.com");
      String verification = mail.mailsTo("alice@example.com").get(0).token();
      users.requestReset("login", "alice");
      String reset = users.resetToken("alice@example.com", 2);
      assertEquals(204, users.confirmReset(reset, "a brand new horse battery staple").statusCode());
      mail.awaitMail("alice@example.com", 3);

      assertFalse(log.lines().isEmpty());
      for (String secret : new String[] {verification, reset, relayPassword, PASSWORD, "a brand new horse battery staple"}) {
        assertFalse(log.contains(secret), "a secret in the log: " + secret);
      }
    }
  }

  private TestService deploy(Vertx vertx, Path dir, JsonObject mailConfig) {
    TestService service = new TestService(vertx, dir, backend);
    service.config().put("mail", mailConfig);
    service.deploy().await();
    return service;
  }
}
