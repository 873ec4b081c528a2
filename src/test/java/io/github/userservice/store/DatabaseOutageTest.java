package io.github.userservice.store;

import io.github.userservice.support.PostgresServer;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(120_000)
@DisplayName("PostgreSQL killed with -9 during registrations")
class DatabaseOutageTest {

  private PostgresServer database;

  @AfterEach
  void removeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  @DisplayName("no 500: 503 with Retry-After while it is down; once it is back, service resumes and no acknowledged user is lost")
  void killedDuringRegistrations(Vertx vertx, @TempDir Path dir) throws Exception {
    database = PostgresServer.start();
    TestService service = new TestService(vertx, dir);
    service.config().put("db", new JsonObject().put("url", database.createDatabase())
      .put("passwordFile", database.passwordFile(dir).toString()));
    service.deploy().await();

    Set<String> acknowledged = new TreeSet<>();
    Set<Integer> statuses = new TreeSet<>();
    registerWave(service, "before", acknowledged, statuses);
    List<Future<HttpResponse<Buffer>>> inFlight = registrations(service, "crash", 8);
    database.kill();
    collect(inFlight, "crash", acknowledged, statuses);

    HttpResponse<Buffer> down = service.register("while-down", PASSWORD).await();
    assertEquals(503, down.statusCode(), down::bodyAsString);
    assertNotNull(down.getHeader("Retry-After"));
    assertEquals(503, service.request(io.vertx.core.http.HttpMethod.GET, "/health/ready").send().await().statusCode());
    registerWave(service, "down", acknowledged, statuses);

    database.restart();
    awaitRegistration(service);
    registerWave(service, "after", acknowledged, statuses);

    assertTrue(Set.of(201, 503).containsAll(statuses), statuses::toString);
    try (StoredUsers users = service.storedUsers()) {
      for (String login : acknowledged) {
        assertEquals(1, users.count(login), login + " was acknowledged");
      }
    }
    for (String login : acknowledged.stream().filter(login -> login.startsWith("before")).toList()) {
      assertEquals(200, service.login(login, PASSWORD).await().statusCode(), login);
    }
  }

  private static void registerWave(TestService service, String prefix, Set<String> acknowledged, Set<Integer> statuses) {
    collect(registrations(service, prefix, 8), prefix, acknowledged, statuses);
  }

  private static List<Future<HttpResponse<Buffer>>> registrations(TestService service, String prefix, int count) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(service.register(prefix + "-" + i, PASSWORD));
    }
    return sent;
  }

  private static void collect(List<Future<HttpResponse<Buffer>>> sent, String prefix, Set<String> acknowledged, Set<Integer> statuses) {
    for (int i = 0; i < sent.size(); i++) {
      int status = sent.get(i).await().statusCode();
      statuses.add(status);
      if (status == 201) {
        acknowledged.add(prefix + "-" + i);
      }
    }
  }

  /** The pool finds the server again by itself, at the next request that needs a connection. */
  private static void awaitRegistration(TestService service) throws InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      if (service.register("probe-" + attempt, PASSWORD).await().statusCode() == 201) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("registrations did not resume within 10 s of the restart");
  }
}
