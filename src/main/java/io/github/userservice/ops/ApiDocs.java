package io.github.userservice.ops;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * The API's own description: {@code /openapi.yaml} (the OpenAPI 3.1 document in the jar) and {@code /docs}, Swagger
 * UI from the {@code org.webjars:swagger-ui} jar, pointed at that document.
 */
public final class ApiDocs {

  private static final String SWAGGER_UI_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final Buffer document;
  private final Buffer page;
  private final String swaggerUiRoot;

  private ApiDocs(Buffer document, Buffer page, String swaggerUiRoot) {
    this.document = Objects.requireNonNull(document);
    this.page = Objects.requireNonNull(page);
    this.swaggerUiRoot = Objects.requireNonNull(swaggerUiRoot);
  }

  /** Reads the document, the page and the Swagger UI version from the classpath. Blocking: call it once, at start. */
  public static ApiDocs load() {
    Properties swaggerUi = new Properties();
    try (InputStream properties = resource(SWAGGER_UI_PROPERTIES)) {
      swaggerUi.load(properties);
      return new ApiDocs(read("openapi.yaml"), read("docs/index.html"),
        "META-INF/resources/webjars/swagger-ui/" + swaggerUi.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API documentation from the classpath", e);
    }
  }

  public void document(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(document);
  }

  public void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
  }

  /** Swagger UI's scripts and styles, and the small script of ours that points it at {@code /openapi.yaml}. */
  public Handler<RoutingContext> assets() {
    StaticHandler ours = StaticHandler.create("docs").setIndexPage("none");
    StaticHandler swaggerUi = StaticHandler.create(swaggerUiRoot).setIndexPage("none");
    return ctx -> {
      if (ctx.normalizedPath().equals("/docs/initializer.js")) {
        ours.handle(ctx);
      } else {
        swaggerUi.handle(ctx);
      }
    };
  }

  private static Buffer read(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return Buffer.buffer(in.readAllBytes());
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the classpath");
    }
    return in;
  }
}
