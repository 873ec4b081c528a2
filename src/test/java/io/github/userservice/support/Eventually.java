package io.github.userservice.support;

import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Waiting for what other processes do: a condition polled until a deadline, and requests sent a batch at a time. */
public final class Eventually {

  private Eventually() {
  }

  public static void awaitTrue(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
    awaitTrue(condition, what, timeout, Duration.ofMillis(20));
  }

  /** The same, polled every {@code interval}: short when what is awaited lasts only a moment. */
  public static void awaitTrue(BooleanSupplier condition, String what, Duration timeout, Duration interval) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /** {@code count} requests, {@code concurrency} at a time; their statuses. */
  public static List<Integer> parallel(int count, int concurrency, IntFunction<Future<Integer>> request) {
    List<Integer> statuses = new ArrayList<>();
    for (int start = 0; start < count; start += concurrency) {
      statuses.addAll(Future.all(IntStream.range(start, Math.min(count, start + concurrency)).mapToObj(request).toList())
        .await().<Integer>list());
    }
    return statuses;
  }
}
