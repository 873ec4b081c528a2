package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.password.PasswordHasher;
import io.github.userservice.password.PhcString;
import io.github.userservice.support.TestService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Weak stored hashes are upgraded at login")
class HashUpgradeTest {

  private TestService service;

  /** The service hashes at m=2048, t=2: stronger than the hashes the tests plant. */
  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.config().put("argon2", new JsonObject().put("memoryKiB", 2048).put("iterations", 2).put("parallelism", 1));
    service.deploy().await();
  }

  @Test
  @DisplayName("an Argon2id hash at m=1024, t=1 is re-hashed with the current parameters after a successful login")
  void weakerArgon2() throws SQLException {
    String old = new PasswordHasher(1, new SimpleMeterRegistry()).hash(PASSWORD, new ServiceConfig.Argon2(1024, 1, 1, 16, 32));
    plant("carol", old);

    assertEquals(200, service.login("carol", PASSWORD).await().statusCode());

    PhcString upgraded = PhcString.parse(storedHash("carol"));
    assertEquals(2048, upgraded.memoryKiB());
    assertEquals(2, upgraded.iterations());
    assertEquals(200, service.login("carol", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a pbkdf2 hash from vertx-auth-common is replaced by Argon2id after a successful login")
  void pbkdf2() throws SQLException {
    String salt = Base64.getEncoder().withoutPadding().encodeToString("sixteen byte salt".getBytes());
    plant("dave", HashingStrategy.load().hash("pbkdf2", Map.of("it", "10000"), salt, PASSWORD));

    assertEquals(200, service.login("dave", PASSWORD).await().statusCode());

    assertTrue(storedHash("dave").startsWith("$argon2id$v=19$m=2048,t=2,p=1$"), () -> "was not upgraded");
    assertEquals(200, service.login("dave", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a wrong password upgrades nothing")
  void wrongPassword() throws SQLException {
    String old = new PasswordHasher(1, new SimpleMeterRegistry()).hash(PASSWORD, new ServiceConfig.Argon2(1024, 1, 1, 16, 32));
    plant("carol", old);

    assertEquals(401, service.login("carol", "wrong password").await().statusCode());
    assertEquals(old, storedHash("carol"));
  }

  @Test
  @DisplayName("a hash with the current parameters is verified once and left alone")
  void currentHash() throws SQLException {
    service.register("erin", PASSWORD).await();
    String stored = storedHash("erin");
    long before = service.argon2Operations();

    assertEquals(200, service.login("erin", PASSWORD).await().statusCode());
    assertEquals(before + 1, service.argon2Operations());
    assertEquals(stored, storedHash("erin"));
  }

  private void plant(String login, String hash) throws SQLException {
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + service.databaseFile());
         var insert = connection.prepareStatement("INSERT INTO users (login, password_hash, registered_at) VALUES (?, ?, ?)")) {
      insert.setString(1, login);
      insert.setString(2, hash);
      insert.setString(3, "2020-01-01T00:00:00Z");
      insert.executeUpdate();
    }
  }

  private String storedHash(String login) throws SQLException {
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + service.databaseFile());
         var query = connection.prepareStatement("SELECT password_hash FROM users WHERE login = ?")) {
      query.setString(1, login);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
