package io.github.userservice.audit;

import io.github.userservice.support.Backend;
import io.github.userservice.support.Markdown;
import io.github.userservice.support.TestService;
import io.github.userservice.support.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(90_000)
@DisplayName("Webhooks: audit events signed as Standard Webhooks define it, delivered at least once")
class WebhookTest {

  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @Parameter
  Backend backend;

  @Test
  @DisplayName("the events a webhook wants arrive signed, each with its own webhook-id; the others do not")
  void signedDeliveries(Vertx vertx, @TempDir Path dir) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, dir)) {
      TestService service = deploy(vertx, dir, receiver, "user.registered", "login.failed");

      service.register("alice", PASSWORD).await();
      service.login("alice", "wrong password").await();
      service.login("alice", PASSWORD).await();

      awaitTrue(() -> receiver.deliveries().size() >= 2, "two deliveries", DELIVERY);
      List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
      assertEquals(List.of("user.registered", "login.failed"), deliveries.stream().map(WebhookReceiver.Delivery::type).toList());
      assertTrue(deliveries.stream().allMatch(WebhookReceiver.Delivery::authentic), "every signature checks out");
      JsonObject data = deliveries.get(0).body().getJsonObject("data");
      assertEquals("alice", data.getString("login"));
      assertEquals("msg_" + data.getLong("id"), deliveries.get(0).id());
      assertEquals(2, deliveries.stream().map(WebhookReceiver.Delivery::id).distinct().count());
      Thread.sleep(1_500);
      assertEquals(2, receiver.deliveries().size(), "login.succeeded is not wanted");
      assertEquals(List.of("True", "False"), sampleReceiver(receiver.secret(), deliveries.get(0)),
        "the sample receiver of docs/audit.md takes a delivery as sent and refuses it tampered with");
    }
  }

  /** What the Python sample of docs/audit.md says of a delivery as it arrived, and of the same with a changed body. */
  private static List<String> sampleReceiver(String secret, WebhookReceiver.Delivery delivery) throws Exception {
    String sample = Markdown.read(Path.of("docs/audit.md")).codeBlocksUnder("Webhooks").stream()
      .filter(block -> String.join("\n", block).contains("def authentic")).findFirst().orElseThrow().stream()
      .collect(Collectors.joining("\n"));
    String calls = "import json, sys\n"
      + "d = json.load(sys.stdin)\n"
      + "headers = {'webhook-id': d['id'], 'webhook-timestamp': d['timestamp'], 'webhook-signature': d['signature']}\n"
      + "print(authentic(d['secret'], headers, d['body'].encode()))\n"
      + "print(authentic(d['secret'], headers, d['body'].replace('alice', 'mallory').encode()))\n";
    Process python = new ProcessBuilder("python3", "-c", sample + "\n" + calls).redirectErrorStream(true).start();
    python.getOutputStream().write(new JsonObject().put("secret", secret).put("id", delivery.id()).put("timestamp", delivery.timestamp())
      .put("signature", delivery.signature()).put("body", delivery.rawBody()).encode().getBytes(StandardCharsets.UTF_8));
    python.getOutputStream().close();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, python.waitFor(), output);
    return List.of(output.strip().split("\n"));
  }

  @Test
  @DisplayName("a receiver that refuses for a while gets every event once it takes them again")
  void receiverBack(Vertx vertx, @TempDir Path dir) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, dir)) {
      receiver.refuse(true);
      TestService service = deploy(vertx, dir, receiver, "*");
      for (int i = 0; i < 3; i++) {
        service.register("user" + i, PASSWORD).await();
      }
      awaitTrue(() -> receiver.attempts().size() >= 3, "first attempts, refused", DELIVERY);

      receiver.refuse(false);

      awaitTrue(() -> logins(receiver).containsAll(Set.of("user0", "user1", "user2")), "every registration delivered", DELIVERY);
      assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::authentic));
    }
  }

  @Test
  @DisplayName("a secret that is not whsec_ and base64 of 24 to 64 bytes stops start-up")
  void badSecret(Vertx vertx, @TempDir Path dir) throws IOException {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, dir)) {
      TestService service = new TestService(vertx, dir, backend);
      Path secret = Files.writeString(dir.resolve("secret"), "whsec_c2hvcnQ=");
      service.config().put("webhooks", new JsonArray().add(webhook(receiver, secret, "*")));

      Throwable refused = assertThrows(Throwable.class, () -> service.deploy().await());

      assertTrue(refused.getMessage().contains("24 to 64 bytes"), refused.getMessage());
    }
  }

  private TestService deploy(Vertx vertx, Path dir, WebhookReceiver receiver, String... events) throws IOException {
    TestService service = new TestService(vertx, dir, backend);
    Path secret = Files.writeString(dir.resolve("webhook-secret"), receiver.secret() + "\n");
    service.config().put("webhooks", new JsonArray().add(webhook(receiver, secret, events)));
    service.deploy().await();
    return service;
  }

  private static JsonObject webhook(WebhookReceiver receiver, Path secret, String... events) {
    return new JsonObject().put("url", receiver.url()).put("events", new JsonArray(List.of(events)))
      .put("secretFile", secret.toString()).put("caPath", receiver.certificate().toString());
  }

  private static Set<String> logins(WebhookReceiver receiver) {
    return receiver.deliveries().stream().map(delivery -> delivery.body().getJsonObject("data").getString("login")).collect(Collectors.toSet());
  }
}
