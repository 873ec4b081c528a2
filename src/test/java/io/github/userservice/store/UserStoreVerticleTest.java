package io.github.userservice.store;

import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.HasherVerticle;
import io.github.userservice.password.PhcString;
import io.github.userservice.support.Backend;
import io.github.userservice.support.StoredUsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The user store's event-bus contract, with real hashers, without HTTP")
class UserStoreVerticleTest {

  private static final String PASSWORD = "correct horse battery";

  @Parameter
  Backend backend;

  private Vertx vertx;
  private JsonObject database;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void deploy(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.database = backend.db(dir);
    this.meters = new SimpleMeterRegistry();
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
      .put("db", database.copy())
      .put("tokens", new JsonObject().put("keysPath", dir.resolve("keys.json").toString()))
      .put("argon2", new JsonObject().put("memoryKiB", 128).put("iterations", 1)));
    HasherVerticle.deploy(vertx, config, meters).await();
    UserStoreVerticle.deploy(vertx, config, Dialect.of(config.db())).await();
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
  void storesPhcString() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));

    try (StoredUsers users = StoredUsers.open(vertx, database)) {
      String stored = users.passwordHash("bob").orElseThrow();
      assertEquals(128, PhcString.parse(stored).memoryKiB());
      assertFalse(stored.contains(PASSWORD));
      assertEquals(1, users.total());
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
    RequestOrigin nobody = new RequestOrigin("test-request", null, null);
    assertEquals(BusFailure.INVALID_REQUEST.code(),
      assertThrows(ReplyException.class, () -> request(UserAddresses.AUTHENTICATE, credentials("bob", PASSWORD), nobody)).failureCode(),
      "the client's address is required: the throttle counts by it");
    assertEquals(BusFailure.INVALID_REQUEST.code(),
      assertThrows(ReplyException.class, () -> request(UserAddresses.REGISTER, credentials("bob", PASSWORD), nobody)).failureCode(),
      "so do the registrations per address");
  }

  @Test
  @DisplayName("authenticate answers true with the account for the right password")
  void authenticated() {
    JsonObject account = request(UserAddresses.REGISTER, credentials("bob", PASSWORD));

    JsonObject reply = request(UserAddresses.AUTHENTICATE, credentials("Bob", PASSWORD));

    assertEquals(new JsonObject().put("authenticated", true).put("account", account), reply);
  }

  @Test
  @DisplayName("a wrong password and an unknown login get the same answer, each after one Argon2 verification")
  void notAuthenticated() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    long before = verifications();

    JsonObject wrongPassword = request(UserAddresses.AUTHENTICATE, credentials("bob", "wrong password"));
    long afterWrongPassword = verifications();
    JsonObject unknownLogin = request(UserAddresses.AUTHENTICATE, credentials("nobody", PASSWORD));

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

  @Test
  @DisplayName("an export reads one snapshot: users registered or deleted after it began do not change it")
  void exportSnapshot() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    request(UserAddresses.REGISTER, credentials("carol", PASSWORD));
    String export = request(UserAddresses.EXPORT, new JsonObject()).getString("address");
    JsonObject first = request(export, new JsonObject().put("after", "").put("limit", 1));

    request(UserAddresses.REGISTER, credentials("dave", PASSWORD));
    request(UserAddresses.DELETE, new JsonObject().put("login", "carol"));
    JsonObject rest = request(export, new JsonObject().put("after", "bob").put("limit", 10));

    assertEquals("bob", first.getJsonArray("users").getJsonObject(0).getString("login"));
    assertTrue(first.getBoolean("more"));
    assertEquals(1, rest.getJsonArray("users").size(), rest::encode);
    assertEquals("carol", rest.getJsonArray("users").getJsonObject(0).getString("login"));
    assertTrue(rest.getJsonArray("users").getJsonObject(0).getString("passwordHash").startsWith("$argon2id$"));
    assertFalse(rest.getBoolean("more"));
  }

  @Test
  @DisplayName("a closed export no longer answers, and at most four are open at once")
  void exportSessions() {
    List<String> open = new ArrayList<>();
    for (int i = 0; i < UserAddresses.MAX_EXPORTS; i++) {
      open.add(request(UserAddresses.EXPORT, new JsonObject()).getString("address"));
    }

    assertEquals(BusFailure.OVERLOADED.code(), failure(UserAddresses.EXPORT, new JsonObject()).failureCode());
    request(open.get(0), new JsonObject().put("close", true));
    assertEquals(ReplyFailure.NO_HANDLERS, failure(open.get(0), new JsonObject().put("after", "").put("limit", 1)).failureType());
    request(UserAddresses.EXPORT, new JsonObject());
  }

  /** As the edge sends them: from a client whose address the store's throttles count. */
  private JsonObject request(String address, JsonObject body) {
    return request(address, body, new RequestOrigin("test-request", "192.0.2.1", null));
  }

  private JsonObject request(String address, JsonObject body, RequestOrigin origin) {
    return vertx.eventBus().<JsonObject>request(address, body, origin.addTo(new DeliveryOptions())).await().body();
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
  @DisplayName("after five wrong passwords authenticate is refused as throttled, with the seconds to wait, before any hash")
  void throttled() {
    request(UserAddresses.REGISTER, credentials("bob", PASSWORD));
    for (int i = 0; i < 5; i++) {
      request(UserAddresses.AUTHENTICATE, credentials("bob", "wrong password"));
    }
    long before = verifications();

    JsonObject refused = request(UserAddresses.AUTHENTICATE, credentials("bob", PASSWORD));

    assertEquals(new JsonObject().put("refused", "throttled").put("retryAfterSeconds", 1), refused, "the first back-off is a second");
    assertEquals(before, verifications());
  }

  private static JsonObject credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password);
  }
}
