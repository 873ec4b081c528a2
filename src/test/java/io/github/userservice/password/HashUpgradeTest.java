package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.Backend;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
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
import java.time.Instant;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Weak stored hashes are upgraded at login")
class HashUpgradeTest {

  @Parameter
  Backend backend;

  private TestService service;

  /** The service hashes at m=2048, t=2: stronger than the hashes the tests plant. */
  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.config().put("argon2", new JsonObject().put("memoryKiB", 2048).put("iterations", 2).put("parallelism", 1));
    service.deploy().await();
  }

  @Test
  @DisplayName("an Argon2id hash at m=1024, t=1 is re-hashed with the current parameters after a successful login")
  void weakerArgon2() {
    String old = hasher().hash(PASSWORD, new ServiceConfig.Argon2(1024, 1, 1, 16, 32).parameters());
    plant("carol", old);

    assertEquals(200, service.login("carol", PASSWORD).await().statusCode());

    PhcString upgraded = PhcString.parse(storedHash("carol"));
    assertEquals(2048, upgraded.memoryKiB());
    assertEquals(2, upgraded.iterations());
    assertEquals(200, service.login("carol", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a bcrypt hash brought from another system is replaced by Argon2id after a successful login")
  void importedBcrypt() {
    // python3 -c 'import bcrypt; print(bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4, b"2b")).decode())'
    plant("dave", "$2b$04$hdiskD8tbvvJgNLvbEq5M.Ga3KjHjSQZPlSq9pZjH88VPFqD.w.sG");

    assertEquals(200, service.login("dave", PASSWORD).await().statusCode());

    assertTrue(storedHash("dave").startsWith("$argon2id$v=19$m=2048,t=2,p=1$"), () -> "was not upgraded");
    assertEquals(200, service.login("dave", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a wrong password upgrades nothing")
  void wrongPassword() {
    String old = hasher().hash(PASSWORD, new ServiceConfig.Argon2(1024, 1, 1, 16, 32).parameters());
    plant("carol", old);

    assertEquals(401, service.login("carol", "wrong password").await().statusCode());
    assertEquals(old, storedHash("carol"));
  }

  @Test
  @DisplayName("a hash with the current parameters is verified once and left alone")
  void currentHash() {
    service.register("erin", PASSWORD).await();
    String stored = storedHash("erin");
    long before = service.argon2Operations();

    assertEquals(200, service.login("erin", PASSWORD).await().statusCode());
    assertEquals(before + 1, service.argon2Operations());
    assertEquals(stored, storedHash("erin"));
  }

  private static PasswordHasher hasher() {
    ServiceConfig defaults = ServiceConfig.fromJson(new JsonObject());
    return new PasswordHasher(1, defaults.argon2(), defaults.imports(), new SimpleMeterRegistry());
  }

  private void plant(String login, String hash) {
    try (StoredUsers users = service.storedUsers()) {
      users.plant(login, hash, Instant.parse("2020-01-01T00:00:00Z"));
    }
  }

  private String storedHash(String login) {
    try (StoredUsers users = service.storedUsers()) {
      return users.passwordHash(login).orElseThrow();
    }
  }
}
