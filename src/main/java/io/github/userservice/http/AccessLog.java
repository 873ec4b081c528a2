package io.github.userservice.http;

import io.github.userservice.security.ClientAddress;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

/**
 * One log line per request, written when the response ends: method, path, route, status, duration, client address
 * (the real one behind a trusted proxy, see {@link ClientAddress}) and request id; in JSON logs each is a field.
 * Never a body, a query string or a header value other than the request id, so never a credential.
 */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("user-service.access");
  private static final String ROUTE_KEY = "user-service.route";

  /**
   * Put first on every route: remembers the matched route's template ({@code /user/:login}) for the log line,
   * which is written after failure handlers have replaced the current route.
   */
  static void recordRoute(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    if (route != null && route.getPath() != null) {
      ctx.put(ROUTE_KEY, route.getPath());
    }
    ctx.next();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      LOG.info("{} {} {} {} {} {} {}",
        keyValue("method", ctx.request().method().name()),
        keyValue("path", ctx.normalizedPath()),
        keyValue("route", ctx.get(ROUTE_KEY, "-")),
        keyValue("status", ctx.response().getStatusCode()),
        keyValue("durationMs", (System.nanoTime() - start) / 1_000_000),
        keyValue("client", ClientAddress.of(ctx)),
        keyValue("requestId", CommonHeaders.requestId(ctx)));
    });
    ctx.next();
  }
}
