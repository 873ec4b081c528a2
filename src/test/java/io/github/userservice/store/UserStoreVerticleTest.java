package io.github.userservice.store;

import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.HasherVerticle;
import io.github.userservice.password.PhcString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The user store's event-bus contract, with real hashers, without HTTP")
class UserStoreVerticleTest {

  private static final String PASSWORD = "correct horse battery";

  private Vertx vertx;
  private Path database;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void deploy(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.database = dir.resolve("users.db");
    this.meters = new SimpleMeterRegistry();
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
      .put("db", new JsonObject().put("path", database.toString()))
      .put("argon2", new JsonObject().put("memoryKiB", 128).put("iterations", 1)));
    HasherVerticle.deploy(vertx, config, meters).await();
    UserStoreVerticle.deploy(vertx, config).await();
  }

  @Test
  @DisplayName("register replies with the canonical login and an RFC 3339 UTC date")
  void register() {
    JsonObject reply = request(UserAddresses.REGISTER, credentials("Bob", PASSWORD));

    assertEquals("bob", reply.getString("login"));
    assertTrue(reply.getString("registeredAt").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), reply::encode);
  }

  @Test
  @DisplayName("register stores a standard Argon2id PHC string with the configured parameters, never the password")
  void storesPhcString() throws SQLException {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         ResultSet row = connection.createStatement().executeQuery("SELECT login, password_hash, registered_at FROM users")) {
      assertTrue(row.next());
      assertEquals("bob", row.getString(1));
      PhcString hash = PhcString.parse(row.getString(2));
      assertEquals(128, hash.memoryKiB());
      assertFalse(row.getString(2).contains(PASSWORD));
      assertTrue(row.getString(3).endsWith("Z"));
    }
  }

  @Test
  @DisplayName("a taken login fails with LOGIN_TAKEN before any hashing")
  void loginTaken() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    long hashes = hashCount();

    ReplyException failure = failure(UserAddresses.REGISTER, credentials("BOB", "another password"));

    assertEquals(ReplyFailure.RECIPIENT_FAILURE, failure.failureType());
    assertEquals(BusFailure.LOGIN_TAKEN.code(), failure.failureCode());
    assertEquals("login taken", failure.getMessage());
    assertEquals(hashes, hashCount(), "a 409 costs no Argon2 time");
  }

  @Test
  @DisplayName("a request breaking the rules fails with INVALID_REQUEST: the bus is a public interface")
  void invalidRequest() {
    assertEquals(BusFailure.INVALID_REQUEST.code(), failure(UserAddresses.REGISTER, credentials("x", PASSWORD)).failureCode());
    assertEquals(BusFailure.INVALID_REQUEST.code(), failure(UserAddresses.REGISTER, new JsonObject()).failureCode());
    assertEquals(BusFailure.INVALID_REQUEST.code(), failure(UserAddresses.AUTHENTICATE, new JsonObject().put("login", "bob")).failureCode());
    assertEquals(BusFailure.INVALID_REQUEST.code(), failure(UserAddresses.AUTHENTICATE, credentials("bob", PASSWORD)).failureCode(),
      "the client's address is required: the throttle counts by it");
  }

  @Test
  @DisplayName("authenticate answers true with the account for the right password")
  void authenticated() {
    JsonObject account = request(UserAddresses.REGISTER, credentials("bob", PASSWORD));

    JsonObject reply = request(UserAddresses.AUTHENTICATE, login("Bob", PASSWORD));

    assertEquals(new JsonObject().put("authenticated", true).put("account", account), reply);
  }

  @Test
  @DisplayName("a wrong password and an unknown login get the same answer, each after one Argon2 verification")
  void notAuthenticated() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    long before = verifications();

    JsonObject wrongPassword = request(UserAddresses.AUTHENTICATE, login("bob", "wrong password"));
    long afterWrongPassword = verifications();
    JsonObject unknownLogin = request(UserAddresses.AUTHENTICATE, login("nobody", PASSWORD));

    assertEquals(new JsonObject().put("authenticated", false), wrongPassword);
    assertEquals(wrongPassword, unknownLogin);
    assertEquals(before + 1, afterWrongPassword);
    assertEquals(afterWrongPassword + 1, verifications(), "an unknown login performs a verification too");
  }

  @Test
  @DisplayName("find replies with the account, or fails with NOT_FOUND")
  void find() {
    JsonObject account = request(UserAddresses.REGISTER, credentials("bob", PASSWORD));

    assertEquals(account, request(UserAddresses.FIND, new JsonObject().put("login", "BOB")));
    assertEquals(BusFailure.NOT_FOUND.code(), failure(UserAddresses.FIND, new JsonObject().put("login", "eve")).failureCode());
  }

  @Test
  @DisplayName("ping replies UP after a query")
  void ping() {
    assertEquals("UP", request(UserAddresses.PING, new JsonObject()).getString("status"));
  }

  private JsonObject request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).await().body();
  }

  private ReplyException failure(String address, JsonObject body) {
    return assertThrows(ReplyException.class, () -> request(address, body));
  }

  private long hashCount() {
    return meters.get("password.hashing").tag("operation", "hash").timer().count();
  }

  private long verifications() {
    return meters.get("password.hashing").tag("operation", "verify").timer().count();
  }

  @Test
  @DisplayName("after five wrong passwords authenticate fails THROTTLED with the seconds to wait, before any hash")
  void throttled() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    for (int i = 0; i < 5; i++) {
      request(UserAddresses.AUTHENTICATE, login("bob", "wrong password"));
    }
    long before = verifications();

    ReplyException refused = failure(UserAddresses.AUTHENTICATE, login("bob", PASSWORD));

    assertEquals(BusFailure.THROTTLED.code(), refused.failureCode());
    assertEquals("1", refused.getMessage(), "the first back-off is a second");
    assertEquals(before, verifications());
  }

  private static JsonObject login(String login, String password) {
    return credentials(login, password).put("address", "192.0.2.1");
  }

  private static JsonObject credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password);
  }
}
