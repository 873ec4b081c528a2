package io.github.userservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.userservice.support.Chromium;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation page in a real browser: headless Chromium (Debian package {@code chromium}, which
 * {@code ./run.sh test} installs) opens {@code /docs} over HTTPS, runs Swagger UI, and the rendered page lists every
 * operation of the OpenAPI document. A machine without Chromium may skip this explicitly with
 * {@code -DskipBrowser=true} or {@code SKIP_BROWSER_TESTS=1}; otherwise a missing browser fails the test.
 */
@DisplayName("The documentation page in headless Chromium")
@DisabledIfSystemProperty(named = "skipBrowser", matches = "true", disabledReason = "skipped on request: -DskipBrowser=true")
@DisabledIfEnvironmentVariable(named = "SKIP_BROWSER_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_BROWSER_TESTS=1")
class DocsBrowserIT {

  private Vertx vertx;
  private TestService service;

  @BeforeEach
  void start(@TempDir Path dir) {
    Chromium.requireInstalled();
    vertx = Vertx.vertx();
    service = new TestService(vertx, dir);
    service.deploy().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("Swagger UI renders every documented operation, accepting the self-signed certificate")
  void rendersOperations(@TempDir Path profile) throws Exception {
    String dom = Chromium.dumpDom("https://localhost:" + service.port() + "/docs", profile);

    assertTrue(dom.contains("swagger-ui"), "Swagger UI ran");
    for (String path : (Iterable<String>) () -> document().get("paths").fieldNames()) {
      assertTrue(dom.contains("data-path=\"" + path + "\""), () -> "the page does not list " + path);
    }
    assertEquals(operationCount(), count(dom, "class=\"opblock-summary-method\""), "every operation has its block");
  }

  private static long operationCount() throws Exception {
    long count = 0;
    for (JsonNode path : (Iterable<JsonNode>) () -> document().get("paths").elements()) {
      count += List.of("get", "post", "put", "patch", "delete").stream().filter(path::has).count();
    }
    return count;
  }

  private static int count(String text, String fragment) {
    int count = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      count++;
    }
    return count;
  }

  private static JsonNode document() {
    try (InputStream yaml = DocsBrowserIT.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
