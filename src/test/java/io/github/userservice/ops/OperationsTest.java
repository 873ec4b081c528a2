package io.github.userservice.ops;

import io.github.userservice.support.Backend;
import io.github.userservice.support.FreePorts;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
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
import java.nio.file.Path;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Health checks and metrics")
class OperationsTest {

  @Parameter
  Backend backend;

  @Test
  @DisplayName("/health/live, /health/ready and /health answer 200 UP while the store and a worker answer, readiness with the hasher's engine")
  void healthy(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir, backend);
    service.deploy().await();

    HttpResponse<Buffer> live = service.client().get("/health/live").send().await();
    assertEquals(200, live.statusCode());
    assertEquals(new JsonObject().put("status", "UP"), live.bodyAsJsonObject());
    for (String path : new String[] {"/health/ready", "/health"}) {
      HttpResponse<Buffer> response = service.client().get(path).send().await();
      assertEquals(200, response.statusCode(), path);
      // libsodium is installed wherever the suite runs (./run.sh test): the default engine, auto, finds it
      assertEquals(new JsonObject().put("status", "UP").put("details", new JsonObject().put("hasher", new JsonObject().put("engine", "native"))),
        response.bodyAsJsonObject(), path);
    }
  }

  @Test
  @DisplayName("/metrics shows, in Prometheus text, logins by outcome, registrations, the Argon2 histogram, the hash gauges and the engine")
  void metrics(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir, backend);
    service.deploy().await();
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    assertEquals(409, service.register("alice", PASSWORD).await().statusCode());
    assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
    assertEquals(401, service.login("alice", "wrong password").await().statusCode());

    HttpResponse<Buffer> response = service.client().get("/metrics").send().await();

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/plain"), response.getHeader("Content-Type"));
    String text = response.bodyAsString();
    for (String line : new String[] {
      "logins_total{outcome=\"ok\"} 1.0",
      "logins_total{outcome=\"bad_credentials\"} 1.0",
      "registrations_total{outcome=\"created\"} 1.0",
      "registrations_total{outcome=\"taken\"} 1.0",
      "password_hashing_seconds_bucket{operation=\"verify\"",
      "password_hashing_seconds_count{operation=\"hash\"}",
      "hashes_pending ",
      "hashes_in_flight ",
      "argon2_engine_info{engine=\"native\",implementation=\"libsodium "}) {
      assertTrue(text.contains(line), () -> "missing " + line + " in\n" + text);
    }
  }

  @Test
  @DisplayName("with a management port, /metrics and health move there, on plain HTTP, and leave the API port")
  void managementPort(Vertx vertx, @TempDir Path dir) throws IOException {
    TestService service = new TestService(vertx, dir, backend);
    int port = FreePorts.next();
    service.config().put("management", new JsonObject().put("port", port));
    service.deploy().await();
    WebClient management = WebClient.create(vertx);

    assertEquals(200, management.get(port, "127.0.0.1", "/health/ready").send().await().statusCode());
    assertTrue(management.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString().contains("hashes_pending"));
    assertEquals(404, service.client().get("/metrics").send().await().statusCode());
    assertEquals(404, service.client().get("/health/ready").send().await().statusCode());
  }
}
