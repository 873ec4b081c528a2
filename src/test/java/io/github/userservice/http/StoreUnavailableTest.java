package io.github.userservice.http;

import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.TestService;
import io.github.userservice.token.SigningKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The HTTP verticle without a user store")
class StoreUnavailableTest {

  private TestService service;

  /** Only the HTTP verticle is deployed: nothing consumes the store's addresses. */
  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.config().getJsonObject("worker").put("sendTimeoutMs", 500);
    ServiceConfig config = ServiceConfig.fromJson(service.config());
    HttpVerticle.deploy(vertx, config, EdgeServices.prepare(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SigningKeys.of(vertx)).await()).await();
  }

  @Test
  @DisplayName("GET /health/ready (and /health) is 503 with Retry-After, naming the failing checks")
  void notReady() {
    for (String path : new String[] {"/health/ready", "/health"}) {
      HttpResponse<Buffer> response = service.client().get(path).send().await();

      JsonObject problem = assertProblem(503, response);
      assertEquals("/problems/unavailable", problem.getString("type"));
      assertEquals("1", response.getHeader("Retry-After"));
      assertEquals(new JsonArray().add("database").add("hasher").add("keys").add("store"), problem.getJsonArray("checks"));
    }
  }

  @Test
  @DisplayName("GET /health/live is 200: the process itself answers")
  void stillLive() {
    assertEquals(200, service.client().get("/health/live").send().await().statusCode());
  }

  @Test
  @DisplayName("a registration is 503, not 500")
  void registrationUnavailable() {
    assertProblem(503, service.register("bob", TestService.PASSWORD).await());
  }

  @Test
  @DisplayName("with 256 requests waiting on a store that hangs, more are 503 overloaded at once rather than queued")
  void boundedWaiting(Vertx vertx, @TempDir Path other) {
    // a store node that takes requests and never answers: a hung process, a partition
    vertx.eventBus().consumer(UserAddresses.REGISTER, request -> { }).completion().await();
    TestService patient = new TestService(vertx, other);
    patient.config().getJsonObject("worker").put("sendTimeoutMs", 60_000);
    ServiceConfig config = ServiceConfig.fromJson(patient.config());
    HttpVerticle.deploy(vertx, config, EdgeServices.prepare(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SigningKeys.of(vertx)).await()).await();
    // HTTP/2, a hundred streams a connection: 300 requests at once over a few TLS handshakes, not 300 of them on a busy machine
    WebClient many = WebClient.create(vertx, new WebClientOptions().setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2MultiplexingLimit(100).setDefaultHost("localhost").setDefaultPort(patient.port())
        .setTrustOptions(new PemTrustOptions().addCertPath(other.resolve("server.crt").toString())),
      new PoolOptions().setHttp2MaxSize(4));

    List<HttpResponse<Buffer>> responses = Future.all(IntStream.range(0, 300).mapToObj(i -> many.post("/user/")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(TestService.credentials("user" + i, TestService.PASSWORD))))
      .toList()).await().list();

    long overloaded = responses.stream().filter(r -> "/problems/overloaded".equals(r.bodyAsJsonObject().getString("type"))).count();
    assertEquals(300 - 256, overloaded, "the other 256 wait until the request deadline");
    assertTrue(responses.stream().allMatch(r -> r.statusCode() == 503));
  }

  @Test
  @DisplayName("Basic authentication is 503, not 401, when the store cannot check the password")
  void authenticationUnavailable() {
    assertProblem(503, service.getUser("/user/bob", "bob", TestService.PASSWORD).await());
  }
}
