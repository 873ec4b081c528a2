package io.github.userservice;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.NginxProcess;
import io.github.userservice.support.RepositoryCopy;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ./run.sh cluster} from a copy of the repository, as the README says: nginx in front of two edges, a store and a
 * hasher, each its own JVM, on the script's fixed loopback ports (nginx's on free ones). Needs nginx, as NginxIT does.
 */
@DisplayName("./run.sh cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledIfSystemProperty(named = "skipNginx", matches = "true", disabledReason = "skipped on request: -DskipNginx=true")
@DisabledIfEnvironmentVariable(named = "SKIP_NGINX_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_NGINX_TESTS=1")
class ClusterScriptIT {

  private static final Duration START = Duration.ofMinutes(3);
  private static final String PASSWORD = "a password only this test knows";

  @TempDir
  static Path dir;
  private static Path repository;
  private static Vertx vertx;
  private static ServiceProcess runSh;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    NginxProcess.binary().orElseGet(() -> fail("nginx is not installed: run ./run.sh test, which installs it"));
    vertx = Vertx.vertx();
    repository = RepositoryCopy.into(dir.resolve("repository"));
    int https = FreePorts.next();
    runSh = ServiceProcess.script(repository, Map.of(
      "NGINX_HTTPS_PORT", String.valueOf(https),
      "NGINX_HTTP_PORT", String.valueOf(FreePorts.next()),
      "USER_SERVICE_ARGON2_MEMORY_KIB", "1024",
      "USER_SERVICE_ARGON2_ITERATIONS", "1"), "./run.sh", "cluster");
    runSh.awaitLog("user-service cluster on loopback", START);
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setDefaultHost("localhost").setDefaultPort(https)
      .setTrustOptions(new PemTrustOptions().addCertPath(repository.resolve("certs/server.crt").toString())));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (runSh != null) {
      runSh.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @Order(1)
  @DisplayName("through nginx a user registers, logs in and reads its record with the token; every node is ready")
  void roundTrip() {
    assertEquals(201, post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());
    assertEquals(409, post("/user/", credentials("Alice@Example.com", PASSWORD)).statusCode());
    HttpResponse<Buffer> login = post("/login", credentials("alice@example.com", PASSWORD));
    assertEquals(200, login.statusCode());
    String token = login.bodyAsJsonObject().getString("accessToken");
    for (int i = 0; i < 4; i++) {
      // nginx spreads the requests over both edges: the token works on each
      assertEquals(200, client.get("/user/alice@example.com").putHeader("Authorization", "Bearer " + token).send().await().statusCode());
    }
    WebClient plain = WebClient.create(vertx);
    for (int port = 9091; port <= 9094; port++) {
      assertEquals(200, plain.get(port, "127.0.0.1", "/health/ready").send().await().statusCode(), "node on management port " + port);
    }
  }

  @Test
  @Order(2)
  @DisplayName("kill -9 of an edge: nginx moves on to the other, every login is answered 200, and the script says so")
  void edgeKilled() throws Exception {
    long edge = Long.parseLong(Files.readString(repository.resolve("run/cluster/edge-1.pid")).trim());
    ProcessHandle.of(edge).ifPresent(ProcessHandle::destroyForcibly);

    for (int i = 0; i < 10; i++) {
      assertEquals(200, post("/login", credentials("alice@example.com", PASSWORD)).statusCode(), "login " + i);
    }
    runSh.awaitLog("edge-1 stopped", Duration.ofSeconds(10));
  }

  @Test
  @Order(3)
  @DisplayName("each node has its log and its pid file in run/cluster/, and SIGTERM stops them all")
  void stopsAll() throws Exception {
    for (String node : new String[] {"edge-1", "edge-2", "store-1", "hasher-1"}) {
      assertTrue(Files.exists(repository.resolve("run/cluster/" + node + ".log")), node);
    }
    for (String node : new String[] {"edge-2", "store-1", "hasher-1"}) {
      assertTrue(Files.exists(repository.resolve("run/cluster/" + node + ".pid")), node);
    }
    long node = Long.parseLong(Files.readString(repository.resolve("run/cluster/store-1.pid")).trim());

    runSh.terminate();

    assertFalse(ProcessHandle.of(node).map(ProcessHandle::isAlive).orElse(false), "store-1 still runs");
    assertFalse(Files.exists(repository.resolve("run/cluster/store-1.pid")));
  }

  private static HttpResponse<Buffer> post(String path, String json) {
    return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)).await();
  }
}
