package io.github.userservice.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Headers every response carries: the request id (the caller's {@code X-Request-Id} when it is a sane token,
 * else a new UUID), {@code Cache-Control: no-store} (responses hold user data and login results),
 * {@code X-Content-Type-Options: nosniff}, and no framing, no referrer. HSTS comes from Vert.x Web's
 * {@code HSTSHandler}; the framing rule stays a header here because {@code CSPHandler} always adds
 * {@code default-src 'self'}, which the Swagger UI page would trip over, and {@code XFrameHandler} writes the legacy
 * {@code X-Frame-Options} that {@code frame-ancestors} replaced.
 */
final class CommonHeaders implements Handler<RoutingContext> {

  static final String REQUEST_ID = "X-Request-Id";
  private static final String REQUEST_ID_KEY = "user-service.request-id";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(REQUEST_ID);
    String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    ctx.put(REQUEST_ID_KEY, id);
    HttpServerResponse response = ctx.response();
    response.putHeader(REQUEST_ID, id)
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("X-Content-Type-Options", "nosniff")
      // nothing here is meant to be framed, nor to leak the URL it was reached from
      .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
      .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
