package io.github.userservice;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.PackagedJarClient;
import io.github.userservice.support.ServiceProcess;
import io.github.userservice.support.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks through a crash: the packaged jar with a webhook whose receiver refuses everything for now, some
 * registrations acknowledged (their deliveries wait in the outbox), then {@code kill -9}; once the receiver takes
 * messages again and the service is restarted on the same folder, every event arrives, signed, at least once.
 */
@DisplayName("Webhook deliveries pending at a kill -9 arrive after the restart")
class WebhookIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final String PASSWORD = "a password only this test knows";

  private Vertx vertx;
  private Path dir;
  private int port;
  private PackagedJarClient jar;

  @BeforeEach
  void setUp(@TempDir Path dir) throws IOException {
    this.vertx = Vertx.vertx();
    this.dir = dir;
    this.port = FreePorts.next();
    this.jar = new PackagedJarClient(vertx, dir, port);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  @DisplayName("five registrations whose deliveries were refused before the kill all arrive after the restart, and the log has their audit lines")
  void pendingDeliveriesSurviveKill() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, dir)) {
      writeConfig(receiver);
      receiver.refuse(true);
      List<String> logins = IntStream.range(0, 5).mapToObj(i -> "user" + i + "@example.com").toList();
      try (ServiceProcess service = ServiceProcess.start(dir)) {
        service.awaitLog("listening on", START);
        service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
        for (String login : logins) {
          assertEquals(201, jar.client().post("/user/").putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(credentials(login, PASSWORD))).await().statusCode());
        }
        awaitTrue(() -> !receiver.attempts().isEmpty(), "a first attempt, refused", Duration.ofSeconds(30));
        assertTrue(service.log().contains("\"type\":\"user.registered\""), "the audit line, as JSON:\n" + service.log());
        service.kill();
      }

      receiver.refuse(false);
      try (ServiceProcess restarted = ServiceProcess.start(dir)) {
        restarted.awaitLog("listening on", START);
        restarted.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

        awaitTrue(() -> delivered(receiver).containsAll(logins), "every registration delivered", Duration.ofSeconds(90));
        assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::authentic), "every signature checks out");
      }
    }
  }

  private void writeConfig(WebhookReceiver receiver) throws IOException {
    Path secret = Files.writeString(dir.resolve("webhook-secret"), receiver.secret());
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"), new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
      .put("argon2", new JsonObject().put("memoryKiB", 1024).put("iterations", 1))
      .put("webhooks", new JsonArray().add(new JsonObject().put("url", receiver.url()).put("events", new JsonArray().add("user.registered"))
        .put("secretFile", secret.toString()).put("caPath", receiver.certificate().toString())))
      .encodePrettily());
  }

  private static Set<String> delivered(WebhookReceiver receiver) {
    return receiver.deliveries().stream().map(delivery -> delivery.body().getJsonObject("data").getString("login")).collect(Collectors.toSet());
  }
}
