package io.github.userservice.http;

import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Under a flood, hashing is shed instead of queued without limit")
class OverloadTest {

  private TestService service;

  /** One worker, at most two hashes pending, and hashes slow enough for a flood to pile up. */
  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.config().put("worker", new JsonObject().put("instances", 1).put("maxPendingHashes", 2));
    service.config().put("argon2", new JsonObject().put("memoryKiB", 16_384).put("iterations", 2));
    service.deploy().await();
    service.register("alice", PASSWORD).await();
  }

  @Test
  @DisplayName("past the bound a login gets 503 with Retry-After at once; the admitted ones get their answer")
  void sheds() {
    List<HttpResponse<Buffer>> responses = flood(30);

    assertTrue(responses.stream().allMatch(r -> Set.of(200, 503).contains(r.statusCode())),
      () -> responses.stream().map(HttpResponse::statusCode).toList().toString());
    HttpResponse<Buffer> shed = responses.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
    assertEquals("/problems/overloaded", assertProblem(503, shed).getString("type"));
    assertEquals("1", shed.getHeader("Retry-After"));
    assertTrue(responses.stream().anyMatch(r -> r.statusCode() == 200));
  }

  @Test
  @DisplayName("/health answers 200 during the flood, and afterwards every user still logs in")
  void healthyDuringFlood() {
    Future<List<HttpResponse<Buffer>>> flood = Future.all(IntStream.range(0, 30).mapToObj(i -> service.login("alice", PASSWORD)).toList())
      .map(all -> all.<HttpResponse<Buffer>>list());

    assertEquals(200, service.client().get("/health").send().await().statusCode());
    flood.await();
    assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("the shed requests are counted")
  void counted() {
    long shed = flood(30).stream().filter(r -> r.statusCode() == 503).count();

    assertEquals(shed, (long) service.meters().get("logins").tag("outcome", "shed").counter().count());
  }

  private List<HttpResponse<Buffer>> flood(int clients) {
    return Future.all(IntStream.range(0, clients).mapToObj(i -> service.login("alice", PASSWORD)).toList())
      .await().list();
  }
}
