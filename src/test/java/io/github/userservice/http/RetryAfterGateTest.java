package io.github.userservice.http;

import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static io.github.userservice.support.Eventually.awaitTrue;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Retry-After holds for clients that ignore it")
class RetryAfterGateTest {

  @Test
  @DisplayName("a request resent at once on a connection just told 503 waits out its Retry-After on the server, then is served")
  void earlyRetryHeld(Vertx vertx, @TempDir Path dir) throws InterruptedException {
    // one hashing thread, no queueing, and a hash long enough to be found busy by a request on an open connection (about
    // 0.1 s here), yet short enough to end within the 1 s of the shortest Retry-After on a machine five times slower
    TestService service = new TestService(vertx, dir);
    service.config().put("worker", new JsonObject().put("instances", 1).put("maxQueueWaitMs", 0).put("burstQueueWaitMs", 0));
    service.config().put("argon2", new JsonObject().put("memoryKiB", 32_768).put("iterations", 3));
    service.deploy().await();
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    // the hash compiled by the JIT first: a cold one runs several times longer than the Retry-After
    for (int i = 0; i < 10; i++) {
      assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
    }
    WebClient impatient = oneConnection(vertx, service);
    // its connection opened and its TLS handshake done beforehand, by a request that hashes nothing
    assertEquals(200, impatient.get("/openapi.yaml").send().await().statusCode());

    Future<HttpResponse<Buffer>> busy = service.login("alice", PASSWORD);
    awaitTrue(() -> service.meters().get("hashes.in.flight").gauge().value() == 1, "the first login hashing", Duration.ofSeconds(30),
      Duration.ofMillis(1));
    HttpResponse<Buffer> refused = login(impatient);
    HttpResponse<Buffer> resent = login(impatient);

    assertEquals(503, refused.statusCode(), "the hashing thread was busy");
    assertTrue(Set.of("1", "2", "3").contains(refused.getHeader("Retry-After")), refused.getHeader("Retry-After"));
    assertEquals(200, resent.statusCode(), "held until the thread was free again, instead of refused at once");
    assertEquals(200, busy.await().statusCode());
  }

  private static HttpResponse<Buffer> login(WebClient client) {
    return client.post("/login").putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(credentials("alice", PASSWORD))).await();
  }

  /** A client whose requests all travel on one keep-alive connection. */
  private static WebClient oneConnection(Vertx vertx, TestService service) {
    return WebClient.create(vertx, new WebClientOptions().setSsl(true).setDefaultHost("localhost").setDefaultPort(service.port())
        .setTrustOptions(new PemTrustOptions().addCertPath(service.dir().resolve("server.crt").toString())),
      new PoolOptions().setHttp1MaxSize(1));
  }
}
