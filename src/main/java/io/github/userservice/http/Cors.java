package io.github.userservice.http;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * CORS for browser apps on the origins of {@code http.cors.allowedOrigins} (none by default: then this handler adds
 * nothing and {@code OPTIONS} is answered by {@link MethodNotAllowed} as before). With origins listed:
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) from a listed
 *   origin is answered here, 204, before routing: the origin, the API's methods and request headers, cached ten
 *   minutes; from any other origin it gets 403 {@code /problems/origin-not-allowed};</li>
 *   <li>any other request from a listed origin gets the origin back and the exposed headers; from another origin,
 *   or none, it goes on unchanged and without CORS headers, so the browser withholds the answer from the page;</li>
 *   <li>every response says {@code Vary: Origin}, refused or not, since its CORS headers depend on it.</li>
 * </ul>
 * No credentials: callers authenticate with {@code Authorization} headers, never cookies.
 *
 * <p>Ours rather than Vert.x Web's {@code CorsHandler} (5.0.7), which would need as much code around it as this is:
 * it refuses <em>every</em> request from an unlisted origin, which breaks the service's own {@code /docs} page
 * (Chromium 156 sends the page's own origin on a same-origin {@code fetch} POST, Swagger UI's, and
 * {@code Origin: null} on a same-origin form POST under our {@code Referrer-Policy: no-referrer}); it refuses with a
 * bare {@code ctx.fail(403)}; it leaves {@code Vary: Origin} off preflights, refusals and, with a single origin
 * listed, every response; it matches listed origins by prefix ({@code https://a.example} also admits
 * {@code https://a.example:443/x}); and with {@code allowCredentials(true)} and no origin listed it echoes any
 * origin with credentials.
 *
 * <p>Unlisted origins are not refused outside preflights: CORS decides what a page may read, not who may call
 * (any other client sends the same request without {@code Origin}), and every request that changes something needs
 * a JSON body or {@code Authorization}, which make browsers preflight. Same-origin requests need no exception then,
 * behind a proxy or not.
 */
final class Cors implements Handler<RoutingContext> {

  static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
  static final String EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id, WWW-Authenticate, Link";
  static final String MAX_AGE_SECONDS = "600";

  private final Set<String> allowedOrigins;

  /** @param config origins as browsers send them (normalized by the configuration) */
  Cors(ServiceConfig.Cors config) {
    this.allowedOrigins = Set.copyOf(config.allowedOrigins());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (allowedOrigins.isEmpty()) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    response.headers().add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    List<String> origins = request.headers().getAll(HttpHeaders.ORIGIN);
    // one Origin, exactly as listed: browsers send one, serialized as the configuration stores it
    String allowed = origins.size() == 1 && allowedOrigins.contains(origins.get(0)) ? origins.get(0) : null;
    if (isPreflight(request, origins)) {
      if (allowed == null) {
        ctx.fail(new ProblemException(Problems.originNotAllowed()));
        return;
      }
      response.setStatusCode(204)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS)
        .end();
      return;
    }
    if (allowed != null) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed)
        .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
    ctx.next();
  }

  /** Browsers preflight with the method to come; an OPTIONS without it is an ordinary one, answered with Allow. */
  private static boolean isPreflight(HttpServerRequest request, List<String> origins) {
    return request.method() == HttpMethod.OPTIONS && !origins.isEmpty()
      && request.headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
  }
}
