package io.github.userservice.store;

import io.github.userservice.support.Backend;
import io.github.userservice.support.StoredUsers;
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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Stored users outlive the service")
class PersistenceTest {

  @Parameter
  Backend backend;

  @Test
  @DisplayName("a user registered before a redeploy on the same file still logs in, and is still taken")
  void survivesRedeploy(Vertx vertx, @TempDir Path dir) {
    TestService first = new TestService(vertx, dir, backend);
    first.deploy().await();
    assertEquals(201, first.register("alice", PASSWORD).await().statusCode());
    first.undeploy().await();

    TestService second = new TestService(vertx, dir, backend);
    second.config().put("db", first.config().getJsonObject("db"));
    second.deploy().await();

    assertEquals(200, second.login("alice", PASSWORD).await().statusCode());
    assertEquals(409, second.register("alice", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("an undeploy lets a registration in flight finish and store its user")
  void gracefulShutdown(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir, backend);
    // a slow hash, so that the undeploy starts while the registration is being hashed
    service.config().getJsonObject("argon2").put("memoryKiB", 65_536).put("iterations", 3);
    service.deploy().await();

    Future<HttpResponse<Buffer>> registration = service.register("alice", PASSWORD);
    awaitTrue(() -> service.meters().get("hashes.pending").gauge().value() == 1, "the registration hashing", Duration.ofSeconds(30));
    Future<Void> undeploy = service.undeploy();

    assertEquals(201, registration.await().statusCode());
    undeploy.await();
    try (StoredUsers users = service.storedUsers()) {
      assertEquals(1, users.count("alice"));
    }
  }

  @Test
  @DisplayName("a database from a newer version of the service stops start-up instead of being misread")
  void newerSchema(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir, backend);
    backend.setSchemaVersion(service.config().getJsonObject("db"), 99);

    Throwable failure = assertThrows(Throwable.class, () -> service.deploy().await());

    assertTrue(failure.getMessage().contains("newer"), failure::getMessage);
  }
}
