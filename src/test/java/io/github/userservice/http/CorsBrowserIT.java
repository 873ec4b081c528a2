package io.github.userservice.http;

import io.github.userservice.support.Chromium;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS as a browser enforces it: headless Chromium loads a small page of plain JavaScript from a plain-HTTP server of
 * this test's (another origin than the service's HTTPS one), and the page calls the API with {@code fetch}. From the
 * listed origin it registers, logs in and reads the user with its Bearer token; the same page from an unlisted origin
 * sees every call fail. Skipped only on request, as {@code DocsBrowserIT}: {@code -DskipBrowser=true} or
 * {@code SKIP_BROWSER_TESTS=1}.
 */
@DisplayName("CORS in headless Chromium")
@DisabledIfSystemProperty(named = "skipBrowser", matches = "true", disabledReason = "skipped on request: -DskipBrowser=true")
@DisabledIfEnvironmentVariable(named = "SKIP_BROWSER_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_BROWSER_TESTS=1")
class CorsBrowserIT {

  private static final String PAGE = "browser/cors-client.html";
  private static final String BLOCKED = "TypeError: Failed to fetch";

  private Vertx vertx;
  private TestService service;
  private String listedOrigin;
  private String unlistedOrigin;
  private Chromium chromium;

  @BeforeEach
  void start(@TempDir Path dir, @TempDir Path profile) throws Exception {
    Chromium.requireInstalled();
    vertx = Vertx.vertx();
    // 127.0.0.1 rather than localhost: the service's HSTS for localhost would send the browser to https on every port
    listedOrigin = "http://127.0.0.1:" + pageServer().actualPort();
    unlistedOrigin = "http://127.0.0.1:" + pageServer().actualPort();
    service = new TestService(vertx, dir);
    service.config().getJsonObject("http").put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add(listedOrigin)));
    service.deploy().await();
    chromium = Chromium.launch(profile);
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    vertx.close().await();
  }

  @Test
  @DisplayName("a page on a listed origin registers, logs in, reads its user with the Bearer token, and reads the exposed headers")
  void listedOriginCallsTheApi() {
    JsonObject outcomes = runPage(listedOrigin, "alice");

    JsonObject register = outcomes.getJsonObject("register");
    assertEquals(201, register.getInteger("status"), outcomes::encodePrettily);
    assertEquals("/user/alice", register.getString("location"), "Location is exposed");
    assertNotNull(register.getString("requestId"), "X-Request-Id is exposed");
    JsonObject login = outcomes.getJsonObject("login");
    assertEquals(200, login.getInteger("status"), outcomes::encodePrettily);
    assertNotNull(login.getString("token"));
    assertEquals(new JsonObject().put("status", 200).put("login", "alice"), outcomes.getJsonObject("user"));
    JsonObject unauthenticated = outcomes.getJsonObject("unauthenticated");
    assertEquals(401, unauthenticated.getInteger("status"), outcomes::encodePrettily);
    assertEquals("/problems/invalid-credentials", unauthenticated.getString("type"), "the problem document is readable");
    assertNotNull(unauthenticated.getString("challenge"), "WWW-Authenticate is exposed");
    assertEquals(200, outcomes.getJsonObject("health").getInteger("status"));
  }

  @Test
  @DisplayName("the same page on an unlisted origin is blocked: every fetch throws a TypeError, and the preflight kept the registration out")
  void unlistedOriginIsBlocked() {
    JsonObject outcomes = runPage(unlistedOrigin, "mallory");

    for (String step : List.of("register", "login", "user", "unauthenticated", "health")) {
      assertEquals(new JsonObject().put("error", BLOCKED), outcomes.getJsonObject(step), () -> step + ": " + outcomes.encodePrettily());
    }
    assertEquals(401, service.login("mallory", TestService.PASSWORD).await().statusCode(), "the POST never reached the service");
  }

  @Test
  @DisplayName("with CORS on, the service's own /docs page still posts to the API (a same-origin request with an Origin header)")
  void ownDocsPageStillPosts() {
    Chromium.Page docs = chromium.open("https://localhost:" + service.port() + "/docs");

    Object status = docs.evaluate("fetch('/user/', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
      + "body: JSON.stringify({login: 'carol', password: '" + TestService.PASSWORD + "'})}).then(response => response.status)");

    assertEquals(201, ((Number) status).intValue());
  }

  /** Loads the page from an origin, waits for its calls to end and returns each step's outcome as the page wrote it. */
  private JsonObject runPage(String origin, String login) {
    String api = "https://localhost:" + service.port();
    Chromium.Page page = chromium.open(origin + "/?api=" + api + "&login=" + login);
    page.waitFor("document.body.dataset.done === 'true'", Duration.ofSeconds(60));
    Object outcomes = page.evaluate("Object.fromEntries([...document.querySelectorAll('#outcomes li')]"
      + ".map(item => [item.id, JSON.parse(item.dataset.outcome)]))");
    assertTrue(outcomes instanceof JsonObject, () -> "outcomes: " + outcomes);
    assertFalse(((JsonObject) outcomes).isEmpty(), "the page wrote no outcome");
    return (JsonObject) outcomes;
  }

  /** A plain-HTTP server of the test page on a free loopback port: an origin of its own. */
  private HttpServer pageServer() throws IOException {
    Buffer page;
    try (InputStream in = CorsBrowserIT.class.getClassLoader().getResourceAsStream(PAGE)) {
      page = Buffer.buffer(in.readAllBytes());
    }
    return vertx.createHttpServer()
      .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page))
      .listen(0, "127.0.0.1").await();
  }
}
