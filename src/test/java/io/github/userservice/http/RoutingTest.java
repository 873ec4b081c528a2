package io.github.userservice.http;

import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Routing, health and common headers")
class RoutingTest {

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.deploy().await();
  }

  @Test
  @DisplayName("an unknown path is 404 problem+json")
  void unknownPath() {
    assertProblem(404, service.client().get("/nothing/here").send().await());
  }

  @ParameterizedTest(name = "{0} {1} → Allow: {2}")
  @CsvSource({
    "DELETE, /user/, 'GET, POST'",
    "PUT, /user/bob, 'DELETE, GET'",
    "GET, /user/bob/password, PUT",
    "GET, /login, POST",
    "POST, /health, GET"})
  @DisplayName("a known path with another method is 405 problem+json with Allow")
  void wrongMethod(String method, String path, String allow) {
    HttpResponse<Buffer> response = service.request(HttpMethod.valueOf(method), path).send().await();

    assertProblem(405, response);
    assertEquals(allow, response.getHeader("Allow"));
  }

  @Test
  @DisplayName("OPTIONS answers 204 with Allow")
  void options() {
    HttpResponse<Buffer> response = service.request(HttpMethod.OPTIONS, "/user/").send().await();

    assertEquals(204, response.statusCode());
    assertEquals("GET, POST", response.getHeader("Allow"));
  }

  @Test
  @DisplayName("GET /health is 200 UP while the store answers")
  void healthy() {
    HttpResponse<Buffer> response = service.client().get("/health").send().await();

    assertEquals(200, response.statusCode());
    assertEquals("UP", response.bodyAsJsonObject().getString("status"));
  }

  @Test
  @DisplayName("every response carries no-store, nosniff, HSTS and a request id, and no Server header")
  void commonHeaders() {
    for (HttpResponse<Buffer> response : new HttpResponse[] {
      service.client().get("/health").send().await(),
      service.client().get("/missing").send().await(),
      service.register("bob", TestService.PASSWORD).await()}) {
      assertEquals("no-store", response.getHeader("Cache-Control"));
      assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
      assertNotNull(response.getHeader("Strict-Transport-Security"));
      assertNotNull(response.getHeader("X-Request-Id"));
      assertNull(response.getHeader("Server"));
    }
  }

  @Test
  @DisplayName("a sane X-Request-Id is echoed, a hostile one replaced")
  void requestId() {
    assertEquals("abc-123", service.client().get("/health").putHeader("X-Request-Id", "abc-123").send().await().getHeader("X-Request-Id"));
    String replaced = service.client().get("/health").putHeader("X-Request-Id", "evil value\t<script>").send().await().getHeader("X-Request-Id");
    assertEquals(36, replaced.length(), replaced);
  }
}
