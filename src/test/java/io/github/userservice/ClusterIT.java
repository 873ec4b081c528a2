package io.github.userservice;

import io.github.userservice.cluster.ClusterCertificates;
import io.github.userservice.support.ClusterNode;
import io.github.userservice.support.Edge;
import io.github.userservice.support.SmtpProcess;
import io.github.userservice.support.SoftwarePasskey;
import io.github.userservice.support.TestCluster;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestCluster.ADMIN;
import static io.github.userservice.support.TestCluster.PASSWORD;
import static io.github.userservice.support.Eventually.parallel;
import static io.github.userservice.support.TestService.basic;
import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service scaled out: separate JVMs of the packaged jar on loopback, joined by Hazelcast, their event bus over
 * mutual TLS with the cluster's own CA. Two edges ({@code edge-a}, {@code edge-b}), a store that also hashes, and a
 * hasher, and an SMTP server (aiosmtpd) the store sends account mail through. Small Argon2 parameters: what is tested is who does what, not the cost. The tests run in order, the
 * destructive ones (kill -9) last.
 */
@DisplayName("A cluster of separate processes: two edges, a store, a hasher")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final Duration START = Duration.ofSeconds(120);
  private static final int REGISTRATIONS_PER_HOUR = 40;

  @TempDir
  static Path dir;
  private static TestCluster cluster;
  private static ClusterNode store;
  private static ClusterNode hasher;
  private static Edge a;
  private static Edge b;
  private static SmtpProcess smtp;

  @BeforeAll
  static void start() throws Exception {
    // the relay the store node sends account mail through, a process of its own
    smtp = SmtpProcess.start(java.nio.file.Files.createDirectories(dir.resolve("smtp")));
    JsonObject mail = smtp.config();
    Map<String, String> settings = Map.of(
      "USER_SERVICE_MAIL_HOST", mail.getString("host"),
      "USER_SERVICE_MAIL_PORT", String.valueOf(mail.getInteger("port")),
      "USER_SERVICE_MAIL_START_TLS", mail.getString("startTls"),
      "USER_SERVICE_MAIL_FROM", mail.getString("from"),
      "USER_SERVICE_MAIL_APP_URL", mail.getString("appUrl"),
      // above what the tests register from loopback; registrationLimitAcrossEdges spends it from an address of its own
      "USER_SERVICE_THROTTLE_REGISTRATIONS_PER_ADDRESS_PER_HOUR", String.valueOf(REGISTRATIONS_PER_HOUR),
      // the page passkeys are used from, whichever edge its requests reach
      "USER_SERVICE_WEBAUTHN_ORIGINS", "https://localhost:8443");
    LinkedHashMap<String, String> roles = new LinkedHashMap<>();
    roles.put("store", "store,hasher");
    roles.put("hasher", "hasher");
    roles.put("edge-a", "edge");
    roles.put("edge-b", "edge");
    cluster = TestCluster.start(dir, roles, settings, "store-2").withAdmin("edge-a");
    store = cluster.node("store");
    hasher = cluster.node("hasher");
    a = cluster.edge("edge-a");
    b = cluster.edge("edge-b");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("a user registered through one edge logs in through the other; a second registration through it is 409")
  void registerHereLogInThere() {
    assertEquals(201, a.register("alice@example.com").statusCode());

    assertEquals(200, b.login("alice@example.com", PASSWORD).statusCode());
    assertEquals(401, b.login("alice@example.com", PASSWORD + "x").statusCode());
    assertEquals(409, b.register("Alice@Example.com").statusCode());
  }

  @Test
  @Order(2)
  @DisplayName("a token from one edge opens the user's record on the other, and both publish the same key set")
  void tokenAcrossEdges() {
    assertEquals(201, a.register("bob@example.com").statusCode());
    String token = a.token("bob@example.com");

    assertEquals(200, b.withToken(HttpMethod.GET, "/user/bob@example.com", token).statusCode());
    assertEquals(a.jwks(), b.jwks());
  }

  @Test
  @Order(2)
  @DisplayName("a passkey ceremony started on one edge finishes on the other: registration, and a login without a name")
  void passkeyAcrossEdges() {
    assertEquals(201, a.register("dora@example.com").statusCode());
    String token = a.token("dora@example.com");
    SoftwarePasskey passkey = new SoftwarePasskey("https://localhost:8443");

    JsonObject creation = a.client().post("/passkeys/register/options").putHeader("Authorization", "Bearer " + token).send().await()
      .bodyAsJsonObject();
    HttpResponse<Buffer> registered = b.client().post("/passkeys/register").putHeader("Authorization", "Bearer " + token)
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(passkey.create(creation).encode())).await();
    assertEquals(201, registered.statusCode(), registered::bodyAsString);
    JsonObject options = b.client().post("/passkeys/login/options").send().await().bodyAsJsonObject();
    HttpResponse<Buffer> login = a.post("/passkeys/login", passkey.get(options).encode(), null);

    assertEquals(200, login.statusCode(), login::bodyAsString);
    assertEquals(200, b.withToken(HttpMethod.GET, "/user/dora@example.com", login.bodyAsJsonObject().getString("accessToken")).statusCode());
  }

  @Test
  @Order(3)
  @DisplayName("a key rotation asked of one edge holds on both: the same key set, new tokens signed with the new key everywhere")
  void rotationAcrossEdges() throws InterruptedException {
    assertEquals(201, a.register("carol@example.com").statusCode());
    String before = b.token("carol@example.com");

    HttpResponse<Buffer> rotated = a.client().post("/admin/keys/rotate").putHeader("Authorization", basic(ADMIN, PASSWORD)).send().await();
    assertEquals(200, rotated.statusCode(), rotated.bodyAsString());
    String kid = rotated.bodyAsJsonObject().getString("kid");

    awaitTrue(() -> b.jwks().equals(a.jwks()) && Edge.kidOf(b.token("carol@example.com")).equals(kid), "edge-b signs with the new key",
      Duration.ofSeconds(5));
    assertEquals(200, a.withToken(HttpMethod.GET, "/user/carol@example.com", before).statusCode(), "older tokens stay valid");
  }

  @Test
  @Order(4)
  @DisplayName("a password change through one edge refuses older tokens on the other at once")
  void revocationAcrossEdges() throws InterruptedException {
    assertEquals(201, a.register("dave@example.com").statusCode());
    String token = a.token("dave@example.com");
    assertEquals(200, b.withToken(HttpMethod.GET, "/user/dave@example.com", token).statusCode(), "edge-b remembers dave");

    HttpResponse<Buffer> changed = a.client().put("/user/dave@example.com/password").putHeader("Authorization", "Bearer " + token)
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("currentPassword", PASSWORD).put("newPassword", "another horse battery staple").encode()))
      .await();
    assertEquals(204, changed.statusCode(), changed.bodyAsString());

    // the store announces the change on the clustered bus before it answers edge-a
    awaitTrue(() -> b.withToken(HttpMethod.GET, "/user/dave@example.com", token).statusCode() == 401, "edge-b refuses the token", Duration.ofSeconds(5));
  }

  @Test
  @Order(4)
  @DisplayName("a logout through one edge refuses the session's access token on the other within seconds, long before it forgets")
  void logoutAcrossEdges() throws InterruptedException {
    assertEquals(201, a.register("heidi@example.com").statusCode());
    JsonObject login = a.login("heidi@example.com", PASSWORD).bodyAsJsonObject();
    String token = login.getString("accessToken");
    assertEquals(200, b.withToken(HttpMethod.GET, "/user/heidi@example.com", token).statusCode(), "edge-b remembers the session as live");
    HttpResponse<Buffer> refreshed = b.post("/token/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken")).encode(), null);
    assertEquals(200, refreshed.statusCode(), refreshed.bodyAsString());

    assertEquals(204, a.withToken(HttpMethod.POST, "/logout", token).statusCode());

    // edge-b would believe the session live for 30 s: a refusal within 5 s is the store's sessions.ended announcement
    awaitTrue(() -> b.withToken(HttpMethod.GET, "/user/heidi@example.com", token).statusCode() == 401, "edge-b refuses the token",
      Duration.ofSeconds(5));
    String next = refreshed.bodyAsJsonObject().getString("refreshToken");
    assertEquals(401, b.post("/token/refresh", new JsonObject().put("refreshToken", next).encode(), null).statusCode());
  }

  @Test
  @Order(5)
  @DisplayName("an address verified through one edge; a reset asked of one edge and confirmed through the other, once")
  void passwordResetAcrossEdges() throws InterruptedException {
    String body = new JsonObject(credentials("erin", PASSWORD)).put("email", "erin@example.com").encode();
    assertEquals(201, a.post("/user/", body, null).statusCode());
    String verification = smtp.awaitLink("erin@example.com", "email-verify", Duration.ofSeconds(60)).token();
    assertEquals(204, b.post("/email/verify", new JsonObject().put("token", verification).encode(), null).statusCode());

    assertEquals(202, a.post("/password-reset", new JsonObject().put("email", "ERIN@example.com").encode(), null).statusCode());
    String token = smtp.awaitLink("erin@example.com", "password-reset", Duration.ofSeconds(60)).token();
    String reset = new JsonObject().put("token", token).put("newPassword", "erin's brand new horse battery").encode();

    assertEquals(204, b.post("/password-reset/confirm", reset, null).statusCode());
    assertEquals(400, a.post("/password-reset/confirm", reset, null).statusCode());
    assertEquals(200, a.login("erin", "erin's brand new horse battery").statusCode());
    assertEquals(401, a.login("erin", PASSWORD).statusCode());
  }

  @Test
  @Order(6)
  @DisplayName("1000 guesses at one account, spread evenly over both edges, reach the hashers no more than 20 times")
  void throttleAcrossEdges() {
    assertEquals(201, a.register("victim@example.com").statusCode());
    double before = verifications();

    List<Integer> statuses = parallel(1000, 16, i -> (i % 2 == 0 ? a : b).guess("victim@example.com", "198.51.100.5"));

    assertEquals(Set.of(401, 429), Set.copyOf(statuses));
    assertTrue(verifications() - before <= 20, "hashes let through: " + (verifications() - before));
  }

  @Test
  @Order(7)
  @DisplayName("guesses at 200 accounts from one address, over both edges, reach the hashers about 50 times a minute, as on one node")
  void addressLimitAcrossEdges() {
    double before = verifications();

    List<Integer> statuses = parallel(200, 16, i -> (i % 2 == 0 ? a : b).guess("nobody" + i + "@example.com", "198.51.100.6"));

    assertTrue(statuses.contains(429), statuses::toString);
    // the address counts failures after the fact (one address may be many users): up to the 16 guesses in flight when
    // the 50th failure was counted get through too, on one node as on several
    assertTrue(verifications() - before <= 50 + 16, "hashes let through: " + (verifications() - before));
  }

  @Test
  @Order(7)
  @DisplayName("registrations from one address, spread over both edges, are counted together: the one past the limit gets 429 on either edge, before any hash")
  void registrationLimitAcrossEdges() {
    String address = "203.0.113.9";
    for (int i = 0; i < REGISTRATIONS_PER_HOUR; i++) {
      HttpResponse<Buffer> created = (i % 2 == 0 ? a : b).post("/user/", credentials("signup" + i + "@example.com", PASSWORD), address);
      assertEquals(201, created.statusCode(), created.bodyAsString());
    }
    double before = hashes();

    for (Edge edge : List.of(a, b)) {
      HttpResponse<Buffer> refused = edge.post("/user/", credentials("one-more@example.com", PASSWORD), address);
      assertEquals(429, refused.statusCode(), refused.bodyAsString());
      assertEquals("/problems/too-many-attempts", refused.bodyAsJsonObject().getString("type"));
      assertTrue(Long.parseLong(refused.getHeader("Retry-After")) > 3_000, refused.getHeader("Retry-After"));
    }
    assertEquals(before, hashes(), "no hash for a refused registration");
    assertEquals(201, b.post("/user/", credentials("one-more@example.com", PASSWORD), "203.0.113.10").statusCode());
  }

  @Test
  @Order(8)
  @DisplayName("a node with a certificate from another CA joins Hazelcast but never receives a message; logins keep succeeding")
  void foreignCertificate() throws Exception {
    Path foreign = dir.resolve("foreign-certs");
    ClusterCertificates.make(foreign, List.of("intruder"), made -> { });
    try (ClusterNode intruder = cluster.startNode("intruder", "hasher", foreign, Map.of())) {
      intruder.awaitReady(START);
      double unanswered = store.meter("vertx_eventbus_reply_failures_total");

      // one client after another, until the store's round robin (weighted by consumers) offered the intruder a hash:
      // the request to it gets no answer in time, and is resent once, to the next hasher
      List<Integer> statuses = new ArrayList<>();
      statuses.add(a.register("erin@example.com").statusCode());
      // at least one login, should the registration have been the request offered to the intruder
      for (int i = 0; i < 20 && (i == 0 || store.meter("vertx_eventbus_reply_failures_total") == unanswered); i++) {
        statuses.add((i % 2 == 0 ? a : b).send("/login", credentials("erin@example.com", PASSWORD), null).await());
      }

      assertTrue(intruder.process().log().contains("Members {size:5"), "the intruder joined Hazelcast:\n" + intruder.process().log());
      assertTrue(store.meter("vertx_eventbus_reply_failures_total") > unanswered, "the intruder was offered a hash: " + statuses);
      assertEquals(201, statuses.get(0));
      assertEquals(List.of(200), statuses.stream().skip(1).distinct().toList());
      assertEquals(0, intruder.meter("password_hashing_seconds_count"), "the intruder computed nothing");
    }
  }

  @Test
  @Order(9)
  @DisplayName("kill -9 of a hasher during logins: every answer is 200, 401 or 503, and full service is back within 15 s")
  void hasherKilled() throws Exception {
    assertEquals(201, a.register("frank@example.com").statusCode());
    AtomicBoolean loading = new AtomicBoolean(true);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<Instant> failures = new ArrayList<>();
    Thread load = new Thread(() -> {
      while (loading.get()) {
        for (int status : parallel(4, 4, i -> (i % 2 == 0 ? a : b).send("/login", credentials("frank@example.com", PASSWORD), null))) {
          statuses.merge(status, 1, Integer::sum);
          if (status != 200) {
            synchronized (failures) {
              failures.add(Instant.now());
            }
          }
        }
      }
    });
    load.start();
    Thread.sleep(2_000);
    Instant killed = Instant.now();
    hasher.kill();
    Thread.sleep(20_000);
    loading.set(false);
    load.join();

    assertTrue(Set.of(200, 401, 503).containsAll(statuses.keySet()), statuses::toString);
    synchronized (failures) {
      assertTrue(failures.stream().allMatch(failure -> failure.isBefore(killed.plusSeconds(15))), () -> "failures after 15 s: " + failures);
    }
    hasher.start();
    hasher.awaitReady(START);
  }

  @Test
  @Order(10)
  @DisplayName("a second store node on SQLite refuses to start, saying so")
  void secondSqliteStore() throws Exception {
    try (ClusterNode second = cluster.startNode("store-2", "store", cluster.certs(), Map.of())) {
      assertNotEquals(0, second.process().awaitExit(Duration.ofSeconds(60)));
      assertTrue(second.process().log().contains("owns its SQLite database"), second.process().log());
    }
  }

  @Test
  @Order(11)
  @DisplayName("kill -9 of the store: 503 with Retry-After and not ready while it is down; after its restart no acknowledged user is lost")
  void storeKilled() throws Exception {
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      if ((i % 2 == 0 ? a : b).register("user" + i + "@example.com").statusCode() == 201) {
        acknowledged.add("user" + i + "@example.com");
      }
    }
    store.kill();

    HttpResponse<Buffer> down = a.login("user0@example.com", PASSWORD);
    assertEquals(503, down.statusCode(), down.bodyAsString());
    assertTrue(down.getHeader("Retry-After") != null);
    assertEquals(503, cluster.node("edge-b").readiness().statusCode());

    store.start();
    for (ClusterNode node : List.of(store, cluster.node("edge-a"), cluster.node("edge-b"))) {
      node.awaitReady(START);
    }
    assertEquals(10, acknowledged.size());
    for (String login : acknowledged) {
      assertEquals(200, b.login(login, PASSWORD).statusCode(), login);
    }
    assertEquals(200, a.login("alice@example.com", PASSWORD).statusCode(), "users from before the crash");
  }

  /** The new hashes (registrations, password changes) all hashing nodes computed so far. */
  private static double hashes() {
    return store.meter("password_hashing_seconds_count", "operation=\"hash\"")
      + hasher.meter("password_hashing_seconds_count", "operation=\"hash\"");
  }

  /** The verifications all hashing nodes computed so far. */
  private static double verifications() {
    return store.meter("password_hashing_seconds_count", "operation=\"verify\"")
      + hasher.meter("password_hashing_seconds_count", "operation=\"verify\"");
  }
}
