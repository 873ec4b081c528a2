package io.github.userservice;

import io.github.userservice.support.Backend;
import io.github.userservice.support.FreePorts;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.PackagedJarClient;
import io.github.userservice.support.ServiceProcess;
import io.github.userservice.support.SmtpProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Account mail from the packaged jar ({@code java -jar}, on SQLite and on PostgreSQL), through a real SMTP server in a process of its own
 * (Debian's aiosmtpd, {@link SmtpProcess}): the verification mail and the reset mail arrive, a reset mail whose relay
 * is down waits in the outbox through a {@code kill -9} of the store and goes out after the restart, and its token
 * resets the password once.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@DisplayName("Account mail from the packaged jar, through an SMTP server of its own")
class AccountMailIT {

  @Parameter
  Backend backend;

  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration MAIL = Duration.ofSeconds(150);
  private static final String PASSWORD = "a password only this test knows";
  private static final String NEW_PASSWORD = "another one it knows since the reset";
  private static final String EMAIL = "alice@example.com";

  private Vertx vertx;
  private Path dir;
  private int port;
  private PackagedJarClient jar;
  private SmtpProcess smtp;

  @BeforeEach
  void setUp(@TempDir Path dir) throws IOException, InterruptedException {
    this.vertx = Vertx.vertx();
    this.dir = dir;
    this.port = FreePorts.next();
    this.jar = new PackagedJarClient(vertx, dir, port);
    this.smtp = SmtpProcess.start(dir);
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"), new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
      .put("argon2", new JsonObject().put("memoryKiB", 1024).put("iterations", 1))
      .put("db", backend.db(dir))
      .put("mail", smtp.config())
      .encodePrettily());
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    smtp.close();
    vertx.close().await();
  }

  @Test
  @DisplayName("a reset asked for while the relay is down survives kill -9, arrives after the restart, and resets the password once")
  void resetMailSurvivesRelayOutageAndKill() throws Exception {
    String firstLog;
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on https://127.0.0.1:" + port, START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      assertEquals(201, jar.post("/user/", new JsonObject(credentials("alice", PASSWORD)).put("email", EMAIL).encode()).statusCode());
      MailCatcher.Mail verification = smtp.awaitLink(EMAIL, "email-verify", MAIL);
      assertEquals(204, jar.post("/email/verify", token(verification.token())).statusCode());

      smtp.stop();
      HttpResponse<Buffer> accepted = jar.post("/password-reset", new JsonObject().put("login", "alice").encode());
      assertEquals(202, accepted.statusCode());
      // the mail is in the outbox, its first attempt failed: nothing but the database holds it now
      service.awaitLog("(password-reset) was not taken by", MAIL);
      service.kill();
      firstLog = service.log();
    }

    smtp.listen();
    try (ServiceProcess restarted = ServiceProcess.start(dir)) {
      restarted.awaitLog("listening on https://127.0.0.1:" + port, START);
      restarted.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      MailCatcher.Mail reset = smtp.awaitLink(EMAIL, "password-reset", MAIL);
      String resetBody = new JsonObject().put("token", reset.token()).put("newPassword", NEW_PASSWORD).encode();

      assertEquals(204, jar.post("/password-reset/confirm", resetBody).statusCode());
      HttpResponse<Buffer> again = jar.post("/password-reset/confirm", resetBody);
      assertEquals(400, again.statusCode());
      assertEquals("/problems/invalid-token", again.bodyAsJsonObject().getString("type"));
      assertEquals(200, jar.post("/login", credentials("alice", NEW_PASSWORD)).statusCode());
      assertEquals(401, jar.post("/login", credentials("alice", PASSWORD)).statusCode());

      restarted.terminate();
      for (String log : new String[] {firstLog, restarted.log()}) {
        assertFalse(log.contains(reset.token()), log);
        assertFalse(log.contains(PASSWORD), log);
        assertFalse(log.contains(NEW_PASSWORD), log);
      }
    }
  }

  private static String token(String token) {
    return new JsonObject().put("token", token).encode();
  }
}
