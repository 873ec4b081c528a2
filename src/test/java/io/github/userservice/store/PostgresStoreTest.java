package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.throttle.LoginThrottle;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MutableClock;
import io.github.userservice.support.PostgresServer;
import io.github.userservice.support.TestService;
import io.github.userservice.tls.LocalhostCertificate;
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
import java.time.Duration;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(120_000)
@DisplayName("What only PostgreSQL does: TLS to the database, pg_dump for backups, a throttle table that is purged")
class PostgresStoreTest {

  @Test
  @DisplayName("sslmode=verify-full with db.caPath: the service talks to a TLS-only server, checking its certificate")
  void tls(Vertx vertx, @TempDir Path dir) throws Exception {
    LocalhostCertificate certificate = LocalhostCertificate.generate();
    Path ca = Files.writeString(dir.resolve("database-ca.crt"), certificate.certificatePem());
    try (PostgresServer database = PostgresServer.startWithTls(certificate)) {
      TestService service = new TestService(vertx, dir);
      service.config().put("db", new JsonObject().put("url", database.createDatabase() + "?sslmode=verify-full")
        .put("passwordFile", database.passwordFile(dir).toString()).put("caPath", ca.toString()));
      service.deploy().await();

      assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
      assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
      assertTrue(Long.parseLong(database.psql("SELECT count(*) FROM pg_stat_ssl WHERE ssl")) >= 1, "connections use TLS");
    }
  }

  @Test
  @DisplayName("sslmode=verify-full without a CA that signed the server's certificate: start-up fails, nothing is sent")
  void untrustedServer(Vertx vertx, @TempDir Path dir) {
    try (PostgresServer database = PostgresServer.startWithTls(LocalhostCertificate.generate())) {
      TestService service = new TestService(vertx, dir);
      service.config().put("db", new JsonObject().put("url", database.createDatabase() + "?sslmode=verify-full")
        .put("passwordFile", database.passwordFile(dir).toString()));

      Throwable failure = assertThrows(Throwable.class, () -> service.deploy().await());

      assertTrue(String.valueOf(failure).contains("SSL handshake failed"), () -> "refused for another reason: " + failure);
    }
  }

  @Test
  @DisplayName("POST /admin/backup answers 501 with a problem document: PostgreSQL is backed up with pg_dump")
  void backupIsPgDumpsJob(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir, Backend.POSTGRESQL);
    service.config().put("admins", new JsonArray().add("root"));
    service.deploy().await();
    service.register("root", PASSWORD).await();

    HttpResponse<Buffer> response = service.withToken(HttpMethod.POST, "/admin/backup", service.token("root", PASSWORD)).await();

    JsonObject problem = assertProblem(501, response);
    assertTrue(problem.getString("detail").contains("pg_dump"), problem::encode);
  }

  @Test
  @DisplayName("the throttle's tables keep only what still holds someone back: older entries are purged")
  void throttlePurged(Vertx vertx, @TempDir Path dir) {
    JsonObject db = Backend.POSTGRESQL.db(dir);
    Dialect database = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", db)).db());
    database.prepare(vertx).await();
    MutableClock clock = new MutableClock();
    LoginThrottle throttle = LoginThrottle.of(new ServiceConfig.Throttle(5, 15, 900, 50, 20, 100_000), database.sharedStatePool(vertx), clock);
    for (int i = 0; i < 10; i++) {
      throttle.failed("login-" + i, "address-" + i).await();
    }
    clock.advance(Duration.ofMinutes(10));
    throttle.failed("recent", "recent-address").await();
    clock.advance(Duration.ofMinutes(6));

    throttle.forgetExpired().await();

    String name = db.getString("url").substring(db.getString("url").lastIndexOf('/') + 1);
    assertEquals("recent", PostgresServer.shared().psql(name, "SELECT string_agg(login, ',') FROM login_failures"));
    assertEquals("0", PostgresServer.shared().psql(name, "SELECT count(*) FROM address_failures"));
  }
}
