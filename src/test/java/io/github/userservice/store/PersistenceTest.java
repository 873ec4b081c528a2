package io.github.userservice.store;

import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Stored users outlive the service")
class PersistenceTest {

  @Test
  @DisplayName("a user registered before a redeploy on the same file still logs in, and is still taken")
  void survivesRedeploy(Vertx vertx, @TempDir Path dir) {
    TestService first = new TestService(vertx, dir);
    first.deploy().await();
    assertEquals(201, first.register("alice", PASSWORD).await().statusCode());
    first.undeploy().await();

    TestService second = new TestService(vertx, dir);
    second.config().put("db", first.config().getJsonObject("db"));
    second.deploy().await();

    assertEquals(200, second.login("alice", PASSWORD).await().statusCode());
    assertEquals(409, second.register("alice", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("an undeploy lets a registration in flight finish and store its user")
  void gracefulShutdown(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    // a slow hash, so that the undeploy starts while the registration is being hashed
    service.config().getJsonObject("argon2").put("memoryKiB", 65_536).put("iterations", 3);
    service.deploy().await();

    Future<HttpResponse<Buffer>> registration = service.register("alice", PASSWORD);
    Thread.sleep(150);
    Future<Void> undeploy = service.undeploy();

    assertEquals(201, registration.await().statusCode());
    undeploy.await();
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + service.databaseFile());
         ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM users WHERE login = 'alice'")) {
      row.next();
      assertEquals(1, row.getInt(1));
    }
  }

  @Test
  @DisplayName("the database file and its folder are created owner-only")
  void ownerOnlyFiles(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();
    service.register("alice", PASSWORD).await();

    Path database = service.databaseFile();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(database.getParent())));
    try (var files = Files.list(database.getParent())) {
      for (Path file : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file::toString);
      }
    }
  }

  @Test
  @DisplayName("a database from a newer version of the service stops start-up instead of being misread")
  void newerSchema(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    Files.createDirectories(service.databaseFile().getParent());
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + service.databaseFile())) {
      connection.createStatement().execute("PRAGMA user_version = 99");
    }

    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> service.deploy().await());

    org.junit.jupiter.api.Assertions.assertTrue(failure.getMessage().contains("newer"), failure::getMessage);
  }
}
