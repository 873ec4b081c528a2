package io.github.userservice.security;

import io.github.userservice.support.TestService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Users remembered for token checks")
class KnownUsersTest {

  private static final String NEW_PASSWORD = "another horse battery staple";

  @Test
  @DisplayName("a lookup answered before a password change but arriving after it is not remembered: the older token is refused")
  void lookupInFlightAcrossChange(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();
    service.register("alice", PASSWORD).await();
    String token = service.token("alice", PASSWORD);
    // hold back the store's answers that carry a user with its credential version: a slow bus, no mock
    AtomicBoolean holding = new AtomicBoolean(true);
    CompletableFuture<Runnable> held = new CompletableFuture<>();
    vertx.eventBus().addOutboundInterceptor((DeliveryContext<Object> delivery) -> {
      if (holding.get() && delivery.body() instanceof JsonObject && ((JsonObject) delivery.body()).containsKey("credentialVersion")) {
        holding.set(false);
        Context context = Vertx.currentContext();
        held.complete(() -> context.runOnContext(release -> delivery.next()));
      } else {
        delivery.next();
      }
    });

    Future<HttpResponse<Buffer>> inFlight = service.withToken(HttpMethod.GET, "/user/alice", token);
    Runnable release = held.get(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> changed = service.client().put("/user/alice/password")
      .putHeader("Authorization", TestService.basic("alice", PASSWORD))
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("currentPassword", PASSWORD).put("newPassword", NEW_PASSWORD).encode()))
      .await();
    assertEquals(204, changed.statusCode());
    release.run();
    inFlight.await();

    assertEquals(401, service.withToken(HttpMethod.GET, "/user/alice", token).await().statusCode());
  }
}
