package io.github.userservice.http;

import io.github.userservice.bus.HashTiming;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * Gives every request a deadline, {@code http.requestTimeoutMs} after it arrived. A request whose body is still
 * arriving then gets 408 and its connection closed: a client trickling bytes (slowloris) holds nothing for long. A
 * request waiting for the store gets 503. Vert.x Web's {@code TimeoutHandler} answers both with one status.
 *
 * <p>A request that hashes passwords may take longer, as long as its hashes take ({@link HashTiming}): on those
 * routes, once the body is in, {@link #forHashes} moves the deadline out to what the store may need.
 */
final class RequestDeadline implements Handler<RoutingContext> {

  private static final String TIMER_KEY = "user-service.deadline-timer";
  private static final String ARRIVED_KEY = "user-service.arrived";
  /** Beyond the edge's wait on the store: its answer, or its timeout, comes first. */
  private static final long ANSWER_MS = 500;

  private final long timeoutMs;

  RequestDeadline(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(ARRIVED_KEY, System.nanoTime());
    ctx.put(TIMER_KEY, ctx.vertx().setTimer(timeoutMs, fired -> expire(ctx)));
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(ctx.<Long>get(TIMER_KEY)));
    ctx.next();
  }

  /** On a route whose store operation may need {@code hashes} hashes in a row: the deadline that work needs, if later. */
  Handler<RoutingContext> forHashes(HashTiming timing, int hashes) {
    return ctx -> {
      long deadlineMs = Math.max(timeoutMs, timing.storeWaitMillis(hashes) + ANSWER_MS);
      long leftMs = deadlineMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ctx.<Long>get(ARRIVED_KEY));
      ctx.vertx().cancelTimer(ctx.<Long>get(TIMER_KEY));
      ctx.put(TIMER_KEY, ctx.vertx().setTimer(Math.max(1, leftMs), fired -> expire(ctx)));
      ctx.next();
    };
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
