package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.TestService;
import io.github.userservice.token.SigningKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The OpenAPI document is the API")
class OpenApiContractTest {

  /** Swagger UI's own files under /docs/ and the account page's under /account/: served, but not part of the API. */
  private static final Set<String> UNDOCUMENTED = Set.of("GET /docs/", "GET /account/");

  @Test
  @DisplayName("every route is documented, and every documented operation is routed")
  void routesMatchDocument(Vertx vertx, @TempDir Path dir) throws Exception {
    assertEquals(documentedOperations(), routedOperations(vertx, dir));
  }

  @Test
  @DisplayName("the document is OpenAPI 3.1, and every operation has an id, a summary and its responses")
  void complete() throws Exception {
    JsonNode document = document();

    assertEquals("3.1.0", document.get("openapi").asText());
    for (Iterator<JsonNode> paths = document.get("paths").elements(); paths.hasNext(); ) {
      JsonNode path = paths.next();
      for (String method : new String[] {"get", "post", "put", "patch", "delete"}) {
        if (path.has(method)) {
          JsonNode operation = path.get(method);
          assertTrue(operation.has("operationId") && operation.has("summary") && operation.get("responses").size() > 0, operation::toString);
        }
      }
    }
  }

  @Test
  @DisplayName("GET /openapi.yaml serves the document as application/yaml")
  void served(Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();

    HttpResponse<Buffer> response = service.client().get("/openapi.yaml").send().await();

    assertEquals(200, response.statusCode());
    assertEquals("application/yaml", response.getHeader("Content-Type"));
    assertEquals(document(), new ObjectMapper(new YAMLFactory()).readTree(response.bodyAsString()));
  }

  @Test
  @DisplayName("GET /docs serves Swagger UI, with its scripts and the initializer that points it at /openapi.yaml")
  void docsPage(Vertx vertx, @TempDir Path dir) {
    TestService service = new TestService(vertx, dir);
    service.deploy().await();

    HttpResponse<Buffer> page = service.client().get("/docs").send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("swagger-ui-bundle.js"));
    assertEquals(200, service.client().get("/docs/swagger-ui-bundle.js").send().await().statusCode());
    assertTrue(service.client().get("/docs/initializer.js").send().await().bodyAsString().contains("/openapi.yaml"));
  }

  private static Set<String> documentedOperations() throws Exception {
    Set<String> operations = new TreeSet<>();
    document().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
        operations.add(method.toUpperCase() + " " + path.getKey());
      }
    }));
    return operations;
  }

  private static Set<String> routedOperations(Vertx vertx, Path dir) {
    ServiceConfig config = ServiceConfig.fromJson(new TestService(vertx, dir).config());
    Router router = ApiRouter.create(vertx, config, EdgeServices.prepare(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SigningKeys.of(vertx)).await());
    Set<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        for (HttpMethod method : route.methods()) {
          String operation = method.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}");
          if (!UNDOCUMENTED.contains(operation)) {
            operations.add(operation);
          }
        }
      }
    }
    return operations;
  }

  private static JsonNode document() throws Exception {
    try (InputStream yaml = OpenApiContractTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }
  }
}
