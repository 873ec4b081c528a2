package io.github.userservice.http;

import io.github.userservice.security.ClientAddress;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code Retry-After} hold for clients that ignore it. When a connection was answered 503 with Retry-After,
 * a request on it that may need a password hash and comes before that time is not refused again: it waits out the
 * rest on the server (its body, at most {@code http.bodyLimitBytes}, already read), then goes ahead as if the client
 * had waited. A client that resends at once then costs the service one request per Retry-After instead of a stream of
 * refusals (each a TLS record, a parse and a trip to the store), and the hashers keep the cores; a well-behaved client
 * never meets the gate. Requests that authenticate with a Bearer token never hash and pass at once.
 *
 * <p>The gate keys on the connection, as a client's own: connections from a trusted proxy (nginx) carry many clients'
 * requests, so they pass at once, and a proxy in front should rate-limit clients itself. One per HTTP verticle: its
 * connections live on its event loop.
 */
final class RetryAfterGate implements Handler<RoutingContext> {

  // weak keys: a closed connection is forgotten with it
  private final Map<HttpConnection, Long> notBefore = new WeakHashMap<>();

  @Override
  public void handle(RoutingContext ctx) {
    if (ClientAddress.proxied(ctx)) {
      ctx.next();
      return;
    }
    Long until = notBefore.get(ctx.request().connection());
    long waitNanos = until == null ? 0 : until - System.nanoTime();
    if (waitNanos <= 0 || isBearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
      ctx.next();
      return;
    }
    ctx.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), elapsed -> ctx.next());
  }

  /** Remembers, for a request answered with this status and Retry-After, when its connection may send again. */
  void answered(RoutingContext ctx, int status, String retryAfterSeconds) {
    if (status != 503 || retryAfterSeconds == null || ClientAddress.proxied(ctx)) {
      return;
    }
    try {
      notBefore.put(ctx.request().connection(), System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(retryAfterSeconds)));
    } catch (NumberFormatException httpDate) {
      // only the delay-seconds form is ever sent
    }
  }

  private static boolean isBearer(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
