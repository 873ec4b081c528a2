package io.github.userservice.store;

import io.github.userservice.support.Backend;
import io.github.userservice.support.TestService;
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

import java.nio.file.Path;
import java.util.List;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(120_000)
@DisplayName("Moving from SQLite to PostgreSQL: export from one, import into the other")
class MoveToPostgresTest {

  private static final String ROOT = "root@example.com";
  private static final int USERS = 40;

  @Test
  @DisplayName("every user of the SQLite service logs in on the PostgreSQL one with their own password, registration date kept")
  void move(Vertx vertx, @TempDir Path sqliteDir, @TempDir Path postgresDir) {
    // a Vert.x of its own for each service: on one event bus, their stores would share the requests
    Vertx target = Vertx.vertx();
    try {
      move(vertx, sqliteDir, target, postgresDir);
    } finally {
      target.close().await();
    }
  }

  private void move(Vertx vertx, Path sqliteDir, Vertx target, Path postgresDir) {
    TestService sqlite = admin(new TestService(vertx, sqliteDir, Backend.SQLITE));
    for (int i = 0; i < USERS; i++) {
      assertEquals(201, sqlite.register("user-" + i, password(i)).await().statusCode());
    }
    String export = sqlite.withToken(HttpMethod.GET, "/admin/export", sqlite.token(ROOT, PASSWORD)).await().bodyAsString();
    TestService postgres = admin(new TestService(target, postgresDir, Backend.POSTGRESQL));

    HttpResponse<Buffer> imported = postgres.client().post("/admin/import").putHeader("Content-Type", "application/x-ndjson")
      .putHeader("Authorization", "Bearer " + postgres.token(ROOT, PASSWORD)).sendBuffer(Buffer.buffer(export)).await();

    List<String> results = imported.bodyAsString().lines().toList();
    assertEquals(new JsonObject().put("lines", USERS + 1).put("created", USERS).put("skipped", 1).put("refused", 0).put("failed", 0)
      .put("complete", true), new JsonObject(results.get(results.size() - 1)).getJsonObject("summary"), "root exists on both");
    for (int i = 0; i < USERS; i++) {
      assertEquals(200, postgres.login("user-" + i, password(i)).await().statusCode(), "user-" + i);
      assertEquals(sqlite.login("user-" + i, password(i)).await().bodyAsJsonObject().getString("registeredAt"),
        postgres.login("user-" + i, password(i)).await().bodyAsJsonObject().getString("registeredAt"));
    }
  }

  private static TestService admin(TestService service) {
    service.config().put("admins", new JsonArray().add(ROOT));
    service.deploy().await();
    assertEquals(201, service.register(ROOT, PASSWORD).await().statusCode());
    return service;
  }

  private static String password(int user) {
    return "horse battery number " + user;
  }
}
