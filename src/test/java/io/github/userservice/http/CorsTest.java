package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS over real HTTPS: what browsers on listed and unlisted origins get, and nothing at all when it is off. */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("CORS for browser apps on other origins")
class CorsTest {

  private static final String APP = "https://app.example.com";
  private static final String LOCAL_APP = "http://localhost:3000";
  private static final String OTHER = "https://evil.example";

  private TestService service;

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource({
    "https://app.example.com, POST,   /user/,              content-type",
    "http://localhost:3000,   POST,   /login,              content-type",
    "https://app.example.com, GET,    /user/alice,         authorization",
    "https://app.example.com, PUT,    /user/alice/password, 'authorization,content-type,x-request-id'",
    "https://app.example.com, DELETE, /user/alice,         authorization"})
  @DisplayName("a preflight from a listed origin is 204 with that origin, the methods and headers, ten minutes' cache, Vary and no credentials")
  void preflightFromListedOrigin(String origin, String method, String path, String requestHeaders, Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP, LOCAL_APP);

    HttpResponse<Buffer> response = preflight(origin, method, path).putHeader("Access-Control-Request-Headers", requestHeaders).send().await();

    assertEquals(204, response.statusCode());
    assertEquals(origin, response.getHeader("Access-Control-Allow-Origin"));
    assertEquals("GET, POST, PUT, PATCH, DELETE", response.getHeader("Access-Control-Allow-Methods"));
    assertEquals("Authorization, Content-Type, X-Request-Id", response.getHeader("Access-Control-Allow-Headers"));
    assertEquals("600", response.getHeader("Access-Control-Max-Age"));
    assertVaryOrigin(response);
    assertNull(response.getHeader("Access-Control-Allow-Credentials"));
    assertEquals(0, response.body() == null ? 0 : response.body().length());
  }

  @Test
  @DisplayName("a request from a listed origin gets that origin back and the exposed headers")
  void actualRequestFromListedOrigin(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> fromApp = service.client().post("/user/").putHeader("Origin", APP).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(TestService.credentials("bob", TestService.PASSWORD))).await();

    assertEquals(201, fromApp.statusCode());
    assertEquals(APP, fromApp.getHeader("Access-Control-Allow-Origin"));
    assertEquals("Location, Retry-After, X-Request-Id, WWW-Authenticate, Link", fromApp.getHeader("Access-Control-Expose-Headers"));
    assertNotNull(fromApp.getHeader("Location"));
    assertVaryOrigin(fromApp);
    assertNull(fromApp.getHeader("Access-Control-Allow-Credentials"));
  }

  @Test
  @DisplayName("an error for a listed origin carries the CORS headers too, so the page can read the problem and its challenge")
  void errorFromListedOrigin(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = service.client().get("/user/alice").putHeader("Origin", APP).send().await();

    assertProblem(401, response);
    assertEquals(APP, response.getHeader("Access-Control-Allow-Origin"));
    assertNotNull(response.getHeader("WWW-Authenticate"));
    assertTrue(response.getHeader("Access-Control-Expose-Headers").contains("WWW-Authenticate"));
    assertVaryOrigin(response);
  }

  @ParameterizedTest(name = "Origin: {0}")
  @ValueSource(strings = {
    OTHER,
    "null",
    "",
    "http://app.example.com",
    "https://APP.example.com",
    "https://app.example.com:443",
    "https://app.example.com/",
    "https://app.example.com.evil.example",
    "https://evil.example#https://app.example.com",
    "https://app.example.com, https://evil.example",
    "https://äpp.example.com",
    "*"})
  @DisplayName("a preflight from any other origin is 403 origin-not-allowed, without CORS headers")
  void preflightFromUnlistedOrigin(String origin, Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = preflight(origin, "POST", "/user/").send().await();

    assertRefused(response);
  }

  @Test
  @DisplayName("a preflight with a huge Origin is refused like any other, not failed")
  void preflightWithHugeOrigin(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    assertRefused(preflight(APP + "/" + "a".repeat(6_000), "POST", "/user/").send().await());
  }

  @Test
  @DisplayName("a preflight with two Origin headers is refused, even when both are listed")
  void preflightWithTwoOrigins(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = service.request(HttpMethod.OPTIONS, "/user/").putHeader("Origin", List.of(APP, APP))
      .putHeader("Access-Control-Request-Method", "POST").send().await();

    assertRefused(response);
  }

  @Test
  @DisplayName("a request from an unlisted origin is served without CORS headers: the browser keeps the answer from the page")
  void actualRequestFromUnlistedOrigin(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = service.client().post("/user/").putHeader("Origin", OTHER).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(TestService.credentials("alice", TestService.PASSWORD))).await();

    assertEquals(201, response.statusCode());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
    assertNull(response.getHeader("Access-Control-Expose-Headers"));
    assertVaryOrigin(response);
  }

  @ParameterizedTest(name = "Origin: {0}")
  @ValueSource(strings = {"https://localhost:%d", "null"})
  @DisplayName("a same-origin POST still works (Chromium sends its origin with fetch, null with a form under no-referrer): /docs keeps working")
  void sameOriginPost(String origin, Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = service.client().post("/login").putHeader("Origin", String.format(origin, service.port()))
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(TestService.credentials("nobody", TestService.PASSWORD)))
      .await();

    assertProblem(401, response);
    assertEquals("/problems/invalid-credentials", response.bodyAsJsonObject().getString("type"));
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  @DisplayName("a request without Origin gets no CORS headers, but Vary: Origin for the caches")
  void noOrigin(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> response = service.client().get("/health").send().await();

    assertEquals(200, response.statusCode());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
    assertVaryOrigin(response);
  }

  @Test
  @DisplayName("a method the path lacks passes the preflight, and the request then gets a 405 the page can read")
  void methodThePathLacks(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> preflight = preflight(APP, "DELETE", "/login").send().await();
    HttpResponse<Buffer> request = service.request(HttpMethod.DELETE, "/login").putHeader("Origin", APP).send().await();

    assertEquals(204, preflight.statusCode());
    assertProblem(405, request);
    assertEquals("POST", request.getHeader("Allow"));
    assertEquals(APP, request.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  @DisplayName("an OPTIONS that is no preflight is answered as before, 204 with Allow, with the CORS headers of its origin")
  void plainOptions(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir, APP);

    HttpResponse<Buffer> fromApp = service.request(HttpMethod.OPTIONS, "/user/").putHeader("Origin", APP).send().await();
    HttpResponse<Buffer> withoutOrigin = service.request(HttpMethod.OPTIONS, "/user/")
      .putHeader("Access-Control-Request-Method", "POST").send().await();

    assertEquals(204, fromApp.statusCode());
    assertEquals("GET, POST", fromApp.getHeader("Allow"));
    assertEquals(APP, fromApp.getHeader("Access-Control-Allow-Origin"));
    assertEquals(204, withoutOrigin.statusCode());
    assertEquals("GET, POST", withoutOrigin.getHeader("Allow"));
    assertNull(withoutOrigin.getHeader("Access-Control-Allow-Origin"));
    assertNull(withoutOrigin.getHeader("Access-Control-Allow-Methods"));
  }

  @Test
  @DisplayName("CORS is off by default: no CORS headers, no Vary, and a preflight is an OPTIONS like any other")
  void offByDefault(Vertx vertx, @TempDir Path dir) {
    deploy(vertx, dir);

    HttpResponse<Buffer> preflight = preflight(APP, "POST", "/user/").send().await();
    HttpResponse<Buffer> request = service.client().post("/user/").putHeader("Origin", APP).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(TestService.credentials("alice", TestService.PASSWORD))).await();

    assertEquals(204, preflight.statusCode());
    assertEquals("GET, POST", preflight.getHeader("Allow"));
    assertEquals(201, request.statusCode());
    for (HttpResponse<Buffer> response : List.of(preflight, request)) {
      assertEquals(List.of(), response.headers().names().stream()
        .filter(name -> name.toLowerCase().startsWith("access-control-") || name.equalsIgnoreCase("Vary")).toList());
    }
  }

  @Test
  @DisplayName("every method of the OpenAPI document is among the methods a preflight allows")
  void allowedMethodsCoverTheApi() throws Exception {
    List<String> allowed = Arrays.asList(Cors.ALLOWED_METHODS.split(", "));
    try (InputStream yaml = CorsTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(yaml).get("paths");
      for (Map.Entry<String, JsonNode> path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
        for (String method : (Iterable<String>) () -> path.getValue().fieldNames()) {
          if (List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(method)) {
            assertTrue(allowed.contains(method.toUpperCase()), () -> method + " " + path.getKey() + " is not in " + allowed);
          }
        }
      }
    }
  }

  private void deploy(Vertx vertx, Path dir, String... origins) {
    service = new TestService(vertx, dir);
    if (origins.length > 0) {
      service.config().getJsonObject("http").put("cors", new JsonObject().put("allowedOrigins", new JsonArray(List.of(origins))));
    }
    service.deploy().await();
  }

  private HttpRequest<Buffer> preflight(String origin, String method, String path) {
    return service.request(HttpMethod.OPTIONS, path).putHeader("Origin", origin).putHeader("Access-Control-Request-Method", method);
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    JsonObject problem = assertProblem(403, response);
    assertEquals("/problems/origin-not-allowed", problem.getString("type"));
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
    assertNull(response.getHeader("Access-Control-Allow-Methods"));
    assertVaryOrigin(response);
  }

  private static void assertVaryOrigin(HttpResponse<Buffer> response) {
    assertTrue(response.headers().getAll("Vary").stream().flatMap(vary -> Arrays.stream(vary.split(",")))
      .anyMatch(token -> token.trim().equalsIgnoreCase("Origin")), () -> "Vary: " + response.headers().getAll("Vary"));
  }
}
