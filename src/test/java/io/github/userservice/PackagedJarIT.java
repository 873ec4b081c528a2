package io.github.userservice;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.PackagedJarClient;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The packaged jar, run with java -jar")
class PackagedJarIT {

  private static final Duration START = Duration.ofSeconds(30);
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
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"), new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
      .put("argon2", new JsonObject().put("memoryKiB", 1024).put("iterations", 1))
      .encodePrettily());
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  @DisplayName("started without arguments it reads conf/config.json, makes a certificate and a database, and serves HTTPS")
  void defaultConfigFile() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on https://127.0.0.1:" + port, START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

      assertEquals(201, jar.post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
      assertEquals(200, jar.post("/login", credentials("alice@example.com", PASSWORD)).statusCode());
      assertTrue(Files.exists(dir.resolve("data/users.db")));
      assertTrue(service.log().contains("TLS certificate SHA-256 "), service.log());
    }
  }

  @Test
  @DisplayName("a registration acknowledged with 201 survives kill -9")
  void survivesKill() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      assertEquals(201, jar.post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
      service.kill();
    }
    try (ServiceProcess restarted = ServiceProcess.start(dir)) {
      restarted.awaitLog("listening on", START);
      restarted.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

      assertEquals(200, jar.post("/login", credentials("alice@example.com", PASSWORD)).statusCode());
    }
  }

  @Test
  @DisplayName("SIGTERM stops it cleanly, and its log never holds a password, a hash or an Authorization header")
  void cleanStopAndQuietLog() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      jar.post("/user/", credentials("alice@example.com", PASSWORD));
      jar.post("/login", credentials("alice@example.com", PASSWORD));
      jar.post("/login", credentials("alice@example.com", PASSWORD + "x"));
      jar.client().get("/user/alice@example.com").basicAuthentication("alice@example.com", PASSWORD).send().await();

      assertEquals(143, service.terminate(), "the JVM's exit status after SIGTERM (128 + 15)");
      String log = service.log();
      assertTrue(log.contains("user-service stopped"), log);
      assertTrue(log.contains("method=POST path=/login route=/login status=401"), log);
      assertFalse(log.contains(PASSWORD), log);
      assertFalse(log.contains("$argon2id$"), log);
      assertFalse(log.contains("Basic "), log);
    }
  }

  @Test
  @DisplayName("/metrics holds Vert.x's HTTP server metrics by route, the JVM's, and the service's own")
  void metrics() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      jar.post("/user/", credentials("alice@example.com", PASSWORD));
      String metrics = jar.client().get("/metrics").send().await().bodyAsString();

      assertTrue(metrics.contains("vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/user/\""), metrics);
      assertTrue(metrics.contains("vertx_eventbus_"), "event bus");
      assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM");
      assertTrue(metrics.contains("registrations_total{outcome=\"created\"} 1.0"), "own counters");
    }
  }

  @Test
  @DisplayName("with log.format json every line is one JSON object; request lines carry their fields, never a credential")
  void jsonLogs() throws Exception {
    Files.writeString(dir.resolve("conf/config.json"), new JsonObject(Files.readString(dir.resolve("conf/config.json")))
      .put("log", new JsonObject().put("format", "json")).encode());
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      jar.post("/user/", credentials("alice@example.com", PASSWORD));
      jar.client().post("/login").putHeader("X-Request-Id", "json-log-check").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(credentials("alice@example.com", PASSWORD + "x"))).await();
      service.terminate();

      JsonObject request = null;
      for (String line : service.log().split("\n")) {
        JsonObject entry = new JsonObject(line);
        assertTrue(entry.containsKey("message") && entry.containsKey("level") && entry.containsKey("time"), line);
        if ("json-log-check".equals(entry.getString("requestId"))) {
          request = entry;
        }
      }
      assertEquals("POST", request.getString("method"));
      assertEquals("/login", request.getString("route"));
      assertEquals(401, request.getInteger("status"));
      assertEquals("127.0.0.1", request.getString("client"));
      assertTrue(request.containsKey("durationMs"));
      assertFalse(service.log().contains(PASSWORD));
    }
  }

  @Test
  @DisplayName("a configuration mistake stops start-up with one line naming the key")
  void badConfiguration() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir, "-conf", "{\"http\":{\"prot\":8443}}")) {
      assertNotEquals(0, service.awaitExit(START));
      assertTrue(service.log().contains("unknown configuration key 'http.prot'"), service.log());
    }
  }

  @Test
  @DisplayName("USER_SERVICE_* variables override the file for one run: here the port, and a separate management port")
  void environmentOverrides() throws Exception {
    int overridden = FreePorts.next();
    int management = FreePorts.next();
    try (ServiceProcess service = ServiceProcess.start(dir, Map.of(
      "USER_SERVICE_HTTP_PORT", String.valueOf(overridden), "USER_SERVICE_MANAGEMENT_PORT", String.valueOf(management)))) {
      service.awaitLog("listening on https://127.0.0.1:" + overridden, START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      port = overridden;
      jar = new PackagedJarClient(vertx, dir, port);

      assertEquals(201, jar.post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
      assertEquals(404, jar.client().get("/health/ready").send().await().statusCode(), "health left the API port");
      HttpResponse<Buffer> ready = WebClient.create(vertx).get(management, "127.0.0.1", "/health/ready").send().await();
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
    }
  }

  @Test
  @DisplayName("a management port equal to the API port stops start-up with one line saying so")
  void managementPortClash() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir, Map.of("USER_SERVICE_MANAGEMENT_PORT", String.valueOf(port)))) {
      assertNotEquals(0, service.awaitExit(START));
      assertTrue(service.log().contains("'management.port' must differ from 'http.port'"), service.log());
    }
  }

  @Test
  @DisplayName("a -conf file that does not exist stops start-up instead of running on defaults")
  void missingConfiguration() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir, "-conf", "conf/missing.json")) {
      assertNotEquals(0, service.awaitExit(START));
      assertTrue(service.log().contains("conf/missing.json"), service.log());
    }
  }
}
