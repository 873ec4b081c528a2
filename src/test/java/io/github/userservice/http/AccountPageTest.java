package io.github.userservice.http;

import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("The account page is served from the jar under a strict policy")
class AccountPageTest {

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.deploy().await();
  }

  @Test
  @DisplayName("GET /account/ is the page, with a policy of this origin's scripts only and the API's security headers")
  void page() {
    HttpResponse<Buffer> response = service.client().get("/account/").send().await();

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/html"));
    String policy = response.getHeader("Content-Security-Policy");
    assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
    assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
    assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    assertEquals("no-store", response.getHeader("Cache-Control"));
    assertEquals("no-referrer", response.getHeader("Referrer-Policy"));
    assertNotNull(response.getHeader("Strict-Transport-Security"));
    assertNotNull(response.getHeader("X-Request-Id"));
  }

  @Test
  @DisplayName("the page holds no inline script, no handler attribute and nothing from another site; every input has its label")
  void markup() {
    String html = service.client().get("/account/").send().await().bodyAsString();

    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline script");
    assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "handler attribute");
    assertFalse(html.contains("http://") || html.contains("https://"), "a third-party request");
    assertTrue(html.contains("<html lang=\"en\">"));
    Matcher inputs = Pattern.compile("<input id=\"([^\"]+)\"").matcher(html);
    int count = 0;
    while (inputs.find()) {
      count++;
      assertTrue(html.contains("<label for=\"" + inputs.group(1) + "\">"), "no label for " + inputs.group(1));
    }
    assertTrue(count > 10);
  }

  @Test
  @DisplayName("its script and style are served as such; a path outside it, or a file it lacks, is 404")
  void assets() {
    HttpResponse<Buffer> script = service.client().get("/account/account.js").send().await();
    assertEquals(200, script.statusCode());
    assertTrue(script.getHeader("Content-Type").contains("javascript"), script.getHeader("Content-Type"));
    assertEquals(200, service.client().get("/account/account.css").send().await().statusCode());
    assertProblem(404, service.client().get("/account/nothing.js").send().await());
    // an encoded slash stays inside the page's folder: nothing else of the jar is reachable through it
    assertProblem(404, service.client().get("/account/..%2fMETA-INF/MANIFEST.MF").send().await());
  }
}
