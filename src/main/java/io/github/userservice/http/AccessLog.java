package io.github.userservice.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, written when the response ends: method, path, status, duration, client address (the
 * real one behind a trusted proxy, see {@link ClientAddress}) and request id. Never a body, a query string or a header value other than the request id, so never a credential.
 */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("user-service.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> LOG.info("{} {} {} {}ms client={} id={}",
      ctx.request().method(), ctx.normalizedPath(), ctx.response().getStatusCode(),
      (System.nanoTime() - start) / 1_000_000, ClientAddress.of(ctx), CommonHeaders.requestId(ctx)));
    ctx.next();
  }
}
