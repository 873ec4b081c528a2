package io.github.userservice;

import io.github.userservice.support.ClusterNode;
import io.github.userservice.support.Edge;
import io.github.userservice.support.PostgresServer;
import io.github.userservice.support.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestCluster.ADMIN;
import static io.github.userservice.support.TestCluster.PASSWORD;
import static io.github.userservice.support.Eventually.parallel;
import static io.github.userservice.support.TestService.basic;
import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster on PostgreSQL: two store nodes (each also a hasher) sharing one database, behind two edges, as separate
 * JVMs of the packaged jar on a real PostgreSQL server. What must hold is that the store nodes are one store: the same
 * users, one login throttle, one key ring, and either one may die.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("A cluster of two store nodes on one PostgreSQL")
class PostgresClusterIT {

  @TempDir
  static Path dir;
  private static PostgresServer database;
  private static TestCluster cluster;
  private static ClusterNode storeA;
  private static ClusterNode storeB;
  private static Edge a;
  private static Edge b;

  @BeforeAll
  static void start() throws Exception {
    database = PostgresServer.start();
    LinkedHashMap<String, String> roles = new LinkedHashMap<>();
    roles.put("store-a", "store,hasher");
    roles.put("store-b", "store,hasher");
    roles.put("edge-a", "edge");
    roles.put("edge-b", "edge");
    cluster = TestCluster.start(dir, roles, Map.of(
      "USER_SERVICE_DB_URL", database.createDatabase(),
      "USER_SERVICE_DB_PASSWORD_FILE", database.passwordFile(dir).toString(),
      // every store node of a database needs the same session key file, as an operator copies it to each
      "USER_SERVICE_SESSIONS_KEYS_PATH", dir.resolve("session-keys.json").toString())).withAdmin("edge-a");
    storeA = cluster.node("store-a");
    storeB = cluster.node("store-b");
    a = cluster.edge("edge-a");
    b = cluster.edge("edge-b");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("both store nodes serve: users registered through one edge log in through the other, a second registration is 409")
  void oneStore() {
    double servedByA = storeOperations(storeA);
    double servedByB = storeOperations(storeB);
    for (int i = 0; i < 20; i++) {
      assertEquals(201, a.register("user" + i + "@example.com").statusCode());
    }
    double registeredByA = storeOperations(storeA) - servedByA;
    double registeredByB = storeOperations(storeB) - servedByB;

    for (int i = 0; i < 20; i++) {
      assertEquals(200, b.login("user" + i + "@example.com", PASSWORD).statusCode());
      assertEquals(409, b.register("USER" + i + "@example.com").statusCode());
    }
    assertTrue(registeredByA > 0 && registeredByB > 0, "the event bus spread registrations over both store nodes: " + registeredByA
      + " and " + registeredByB);
  }

  @Test
  @Order(2)
  @DisplayName("one key ring: both edges publish the same key set, and a rotation through one edge reaches both")
  void oneKeyRing() throws InterruptedException {
    assertEquals(201, a.register("carol@example.com").statusCode());
    assertEquals(a.jwks(), b.jwks());

    HttpResponse<Buffer> rotated = b.client().post("/admin/keys/rotate").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await();
    assertEquals(200, rotated.statusCode(), rotated.bodyAsString());
    String kid = rotated.bodyAsJsonObject().getString("kid");

    awaitTrue(() -> a.jwks().equals(b.jwks()) && Edge.kidOf(a.token("carol@example.com")).equals(kid)
      && Edge.kidOf(b.token("carol@example.com")).equals(kid), "both edges sign with the new key", Duration.ofSeconds(5));
    assertEquals(2, a.jwks().getJsonArray("keys").size(), "the previous key still verifies");
  }

  @Test
  @Order(3)
  @DisplayName("one throttle: 1000 guesses at one account over both edges and both store nodes reach the hashers no more than 20 times")
  void oneThrottle() {
    assertEquals(201, a.register("victim@example.com").statusCode());
    double before = verifications();

    List<Integer> statuses = parallel(1000, 16, i -> (i % 2 == 0 ? a : b).guess("victim@example.com", "198.51.100.5"));

    assertEquals(Set.of(401, 429), Set.copyOf(statuses));
    assertTrue(verifications() - before <= 20, "hashes let through: " + (verifications() - before));
  }

  @Test
  @Order(4)
  @DisplayName("kill -9 of a store node during registrations: only 201 or 503, the other node serves every request within 15 s, and every acknowledged user logs in")
  void storeNodeKilled() throws Exception {
    Instant killed = Instant.now();
    storeA.kill();
    Map<String, Future<Integer>> sent = new LinkedHashMap<>();
    List<Duration> sentAt = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String login = "late" + i + "@example.com";
      sentAt.add(Duration.between(killed, Instant.now()));
      sent.put(login, (i % 2 == 0 ? a : b).send("/user/", credentials(login, PASSWORD), null));
      Thread.sleep(250);
    }

    List<String> timeline = new ArrayList<>();
    List<String> acknowledged = new ArrayList<>();
    Duration lastRefusal = Duration.ZERO;
    int i = 0;
    for (Map.Entry<String, Future<Integer>> registration : sent.entrySet()) {
      int status = registration.getValue().await();
      timeline.add(sentAt.get(i).toMillis() + "ms:" + status);
      if (status == 201) {
        acknowledged.add(registration.getKey());
      } else {
        lastRefusal = sentAt.get(i);
      }
      i++;
    }
    assertTrue(timeline.stream().allMatch(entry -> entry.endsWith(":201") || entry.endsWith(":503")), timeline::toString);
    assertTrue(lastRefusal.compareTo(Duration.ofSeconds(15)) < 0, () -> "refused after 15 s: " + timeline);
    for (int user = 0; user < 20; user++) {
      acknowledged.add("user" + user + "@example.com");
    }
    for (String login : acknowledged) {
      assertEquals(200, b.login(login, PASSWORD).statusCode(), login);
    }
  }

  /** The operations a store node's instances carried out, as the metrics of their worker pool count them. */
  private static double storeOperations(ClusterNode store) {
    return store.meter("vertx_pool_completed_total", "pool_name=\"user-store\"", "pool_type=\"worker\"");
  }

  /** The verifications both hashing nodes computed so far. */
  private static double verifications() {
    return storeA.meter("password_hashing_seconds_count", "operation=\"verify\"")
      + storeB.meter("password_hashing_seconds_count", "operation=\"verify\"");
  }
}
