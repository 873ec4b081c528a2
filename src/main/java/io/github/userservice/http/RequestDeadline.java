package io.github.userservice.http;

import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request a deadline. A request whose body is still arriving then gets 408 and its connection closed:
 * a client trickling bytes (slowloris) holds nothing for long. A request waiting for the store gets 503. Vert.x
 * Web's {@code TimeoutHandler} answers both with one status.
 */
final class RequestDeadline implements Handler<RoutingContext> {

  private final long timeoutMs;

  RequestDeadline(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(timeoutMs, fired -> expire(ctx));
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private static void expire(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      return;
    }
    if (ctx.request().isEnded()) {
      ctx.fail(new ProblemException(Problems.unavailable("The request took too long; try again.")));
      return;
    }
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      // the rest of the body may still come: hang up once the answer is out, rather than read it
      ctx.response().endHandler(sent -> ctx.request().connection().close());
    }
    ctx.fail(new ProblemException(Problems.requestTimeout()));
  }
}
