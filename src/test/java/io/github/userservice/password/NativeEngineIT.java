package io.github.userservice.password;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.PackagedJarClient;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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

/**
 * The packaged jar's Argon2id engine, as {@code java -jar} starts it: JNA's stub out of the fat jar, libsodium from
 * the system. A missing libsodium is a {@code USER_SERVICE_ARGON2_NATIVE_LIBRARY} naming a file that does not exist.
 */
@DisplayName("The packaged jar hashes with libsodium, or without it")
class NativeEngineIT {

  private static final Duration START = Duration.ofSeconds(30);
  private static final String PASSWORD = "a password only this test knows";
  private static final Map<String, String> NO_LIBSODIUM = Map.of("USER_SERVICE_ARGON2_NATIVE_LIBRARY", "/nonexistent/libsodium.so.23");

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
      .encodePrettily());
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  @DisplayName("by default it finds libsodium, says so in its log, /metrics and readiness, and logs users in")
  void nativeByDefault() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

      assertTrue(service.log().contains("Argon2id engine: native (libsodium "), service.log());
      assertEquals(201, jar.post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
      assertEquals(200, jar.post("/login", credentials("alice@example.com", PASSWORD)).statusCode());
      assertEquals(401, jar.post("/login", credentials("alice@example.com", PASSWORD + "x")).statusCode());
      assertEquals("native", readyEngine());
      String metrics = jar.client().get("/metrics").send().await().bodyAsString();
      assertTrue(metrics.contains("argon2_engine_info{engine=\"native\",implementation=\"libsodium "), metrics);
      assertFalse(service.log().contains("the fallback"), service.log());
    }
  }

  @Test
  @DisplayName("without libsodium, auto starts on BouncyCastle with one warning, and users registered natively still log in")
  void autoFallsBack() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up
      assertEquals(201, jar.post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
      service.terminate();
    }
    try (ServiceProcess service = ServiceProcess.start(dir, NO_LIBSODIUM)) {
      service.awaitLog("listening on", START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

      assertEquals(1, service.log().lines().filter(line -> line.contains("WARN") && line.contains("Argon2")).count(), service.log());
      assertTrue(service.log().contains("Argon2id engine: java (BouncyCastle), the fallback, slower: libsodium"), service.log());
      assertEquals(200, jar.post("/login", credentials("alice@example.com", PASSWORD)).statusCode());
      assertEquals("java", readyEngine());
    }
  }

  @Test
  @DisplayName("without libsodium, argon2.engine native refuses to start and says why")
  void nativeRefuses() throws Exception {
    Map<String, String> environment = Map.of("USER_SERVICE_ARGON2_ENGINE", "native",
      "USER_SERVICE_ARGON2_NATIVE_LIBRARY", NO_LIBSODIUM.get("USER_SERVICE_ARGON2_NATIVE_LIBRARY"));
    try (ServiceProcess service = ServiceProcess.start(dir, environment)) {
      assertNotEquals(0, service.awaitExit(START));
      assertTrue(service.log().contains("argon2.engine is native, but libsodium ('/nonexistent/libsodium.so.23') could not be loaded"),
        service.log());
    }
  }

  private String readyEngine() {
    HttpResponse<Buffer> ready = jar.client().get("/health/ready").send().await();
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    return ready.bodyAsJsonObject().getJsonObject("details").getJsonObject("hasher").getString("engine");
  }
}
