package io.github.userservice.password;

import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Bursts the hashers can finish within their budget queue; floods past it are shed")
class OverloadTest {

  @Test
  @DisplayName("50 parallel registrations of distinct logins are all answered 201")
  void burstOfRegistrations(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, new JsonObject());

    List<HttpResponse<Buffer>> responses = parallel(50, i -> service.register("user" + i, PASSWORD));

    assertEquals(Map.of(201, 50L), statuses(responses));
  }

  @Test
  @DisplayName("20 parallel registrations of one login in different cases give one 201 and 19 409, no 503")
  void burstOfOneLogin(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, new JsonObject());

    List<HttpResponse<Buffer>> responses = parallel(20, i -> service.register(i % 2 == 0 ? "alice" : "ALICE", PASSWORD));

    assertEquals(Map.of(201, 1L, 409, 19L), statuses(responses));
  }

  @Test
  @DisplayName("past the budget a login gets 503 with Retry-After at once; the admitted ones get their answer")
  void floodShed(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, slowHashes(0));
    service.register("alice", PASSWORD).await();

    List<HttpResponse<Buffer>> responses = parallel(30, i -> service.login("alice", PASSWORD));

    assertTrue(Set.of(200, 503).containsAll(statuses(responses).keySet()), () -> statuses(responses).toString());
    HttpResponse<Buffer> shed = responses.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
    assertEquals("/problems/overloaded", assertProblem(503, shed).getString("type"));
    assertTrue(Set.of("1", "2", "3").contains(shed.getHeader("Retry-After")), shed.getHeader("Retry-After"));
    assertTrue(responses.stream().anyMatch(r -> r.statusCode() == 200));
    assertEquals(statuses(responses).get(503), (long) service.meters().get("logins").tag("outcome", "shed").counter().count());
  }

  @Test
  @DisplayName("/health answers 200 during a flood, and afterwards the user still logs in")
  void healthyDuringFlood(Vertx vertx, @TempDir Path dir) {
    TestService service = deploy(vertx, dir, slowHashes(0));
    service.register("alice", PASSWORD).await();
    Future<?> flood = Future.all(IntStream.range(0, 30).mapToObj(i -> service.login("alice", PASSWORD)).toList());

    assertEquals(200, service.client().get("/health").send().await().statusCode());
    flood.await();
    assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("the hash time that admission expects follows the Argon2 parameters")
  void estimateFollowsParameters(Vertx vertx, @TempDir Path dir) {
    TestService light = deploy(vertx, dir.resolve("light"), new JsonObject().put("argon2", argon2(256, 1)));
    TestService heavy = deploy(vertx, dir.resolve("heavy"), new JsonObject().put("argon2", argon2(8_192, 3)));

    double lightAverage = averageAfterLogins(light);
    double heavyAverage = averageAfterLogins(heavy);

    assertTrue(heavyAverage > 4 * lightAverage, () -> "light " + lightAverage + " s, heavy " + heavyAverage + " s");
  }

  /** One hashing thread, no wait allowed beyond an idle thread, and hashes slow enough for a flood to find it busy. */
  private static JsonObject slowHashes(long maxQueueWaitMs) {
    return new JsonObject()
      .put("worker", new JsonObject().put("instances", 1).put("maxQueueWaitMs", maxQueueWaitMs).put("burstQueueWaitMs", maxQueueWaitMs))
      .put("argon2", argon2(16_384, 2));
  }

  private static JsonObject argon2(int memoryKiB, int iterations) {
    return new JsonObject().put("memoryKiB", memoryKiB).put("iterations", iterations);
  }

  private static TestService deploy(Vertx vertx, Path dir, JsonObject settings) {
    TestService service = new TestService(vertx, dir);
    settings.fieldNames().forEach(key -> service.config().put(key, service.config().getJsonObject(key, new JsonObject()).mergeIn(settings.getJsonObject(key))));
    service.deploy().await();
    return service;
  }

  private static double averageAfterLogins(TestService service) {
    service.register("alice", PASSWORD).await();
    for (int i = 0; i < 10; i++) {
      service.login("alice", PASSWORD).await();
    }
    return service.meters().get("hashes.duration.average").timeGauge().value(java.util.concurrent.TimeUnit.SECONDS);
  }

  private static List<HttpResponse<Buffer>> parallel(int count, IntFunction<Future<HttpResponse<Buffer>>> request) {
    return Future.all(IntStream.range(0, count).mapToObj(request).toList()).await().list();
  }

  private static Map<Integer, Long> statuses(List<HttpResponse<Buffer>> responses) {
    return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
  }
}
