package io.github.userservice.http;

import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers a known path with an unsupported method: 405 with {@code Allow} (RFC 9110 requires it), or 204 with
 * {@code Allow} for {@code OPTIONS}. Vert.x Web computes {@code Allow} only in its default 405 page, not for a
 * custom error handler, so the allowed methods are read from the routes already declared instead.
 */
final class MethodNotAllowed {

  private MethodNotAllowed() {
  }

  /** Call after all routes are declared: adds one last route per path. */
  static void addFallbacks(Router router) {
    Map<String, Set<HttpMethod>> allowedByPath = new LinkedHashMap<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
        allowedByPath.computeIfAbsent(route.getPath(), path -> new LinkedHashSet<>()).addAll(route.methods());
      }
    }
    allowedByPath.forEach((path, allowed) -> router.route(path).handler(ctx -> answer(ctx, Set.copyOf(allowed))));
  }

  private static void answer(RoutingContext ctx, Set<HttpMethod> allowed) {
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      String allow = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
      ctx.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, allow).end();
      return;
    }
    ctx.fail(new ProblemException(Problems.methodNotAllowed(ctx.request().method(), allowed)));
  }
}
