package io.github.userservice.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * For a route that reads its body as a stream (an import, as large as it likes) instead of through a size-capped
 * {@code BodyHandler}: holds the body back past the handlers before the one that reads it (authentication may take a
 * password hash's time), and when an answer goes out before that handler {@link #take took} the body (401, 403,
 * 415), closes the connection after it rather than read the body for nothing.
 */
final class StreamedBody implements Handler<RoutingContext> {

  private static final String TAKEN = StreamedBody.class.getName() + ".taken";

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.pause();
      ctx.addHeadersEndHandler(headers -> {
        if (ctx.get(TAKEN) == null && !request.isEnded() && request.version() != HttpVersion.HTTP_2) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
      });
    }
    ctx.next();
  }

  /** The request, still paused, for the handler that reads its body: set its handlers, then resume it. */
  static HttpServerRequest take(RoutingContext ctx) {
    ctx.put(TAKEN, Boolean.TRUE);
    return ctx.request();
  }
}
