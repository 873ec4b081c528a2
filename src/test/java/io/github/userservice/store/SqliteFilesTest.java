package io.github.userservice.store;

import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("SQLite's files: owner-only, and copied online by POST /admin/backup")
class SqliteFilesTest {

  private static final String ROOT = "root@example.com";

  @Test
  @DisplayName("the database file and its folder are created owner-only, and so is the key ring")
  void ownerOnlyFiles(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();
    service.register("alice", PASSWORD).await();

    Path database = Path.of(service.config().getJsonObject("db").getString("path"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(database.getParent())));
    try (var files = Files.list(database.getParent())) {
      for (Path file : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file::toString);
      }
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(service.keysFile())));
  }

  @Test
  @DisplayName("POST /admin/backup writes a consistent owner-only copy while registrations go on, and answers its name and size")
  void backup(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    Path backups = dir.resolve("backups");
    service.config().put("admins", new JsonArray().add(ROOT));
    service.config().getJsonObject("db").put("backupPath", backups.toString());
    service.deploy().await();
    service.register(ROOT, PASSWORD).await();
    for (int i = 0; i < 20; i++) {
      assertEquals(201, service.register("before-" + i, PASSWORD).await().statusCode());
    }
    String token = service.token(ROOT, PASSWORD);

    Future<HttpResponse<Buffer>> backup = service.withToken(HttpMethod.POST, "/admin/backup", token);
    List<Future<HttpResponse<Buffer>>> during = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      during.add(service.register("during-" + i, PASSWORD));
    }
    HttpResponse<Buffer> response = backup.await();

    assertEquals(201, response.statusCode(), response::bodyAsString);
    during.forEach(registration -> assertEquals(201, registration.await().statusCode()));
    JsonObject body = response.bodyAsJsonObject();
    Path copy = backups.resolve(body.getString("name"));
    assertTrue(body.getString("name").matches("users-\\d{8}T\\d{6}\\.\\d{3}Z\\.db"), body::encode);
    assertEquals(Files.size(copy), body.getLong("size"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy);
         ResultSet check = connection.createStatement().executeQuery("PRAGMA integrity_check");
         ResultSet users = connection.createStatement().executeQuery("SELECT count(*) FROM users WHERE login LIKE 'before-%'")) {
      check.next();
      assertEquals("ok", check.getString(1));
      users.next();
      assertEquals(20, users.getInt(1));
    }
  }

  @Test
  @DisplayName("two backups in a row make two files")
  void twoBackups(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir);
    service.config().put("admins", new JsonArray().add(ROOT));
    service.deploy().await();
    service.register(ROOT, PASSWORD).await();
    String token = service.token(ROOT, PASSWORD);

    String first = service.withToken(HttpMethod.POST, "/admin/backup", token).await().bodyAsJsonObject().getString("name");
    String second = service.withToken(HttpMethod.POST, "/admin/backup", token).await().bodyAsJsonObject().getString("name");

    assertNotEquals(first, second);
  }
}
