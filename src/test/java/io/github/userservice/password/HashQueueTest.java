package io.github.userservice.password;

import io.github.userservice.bus.BusFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The hash queue")
class HashQueueTest {

  /** memoryKiB x iterations x 1 µs: a first guess of 10 ms per hash. */
  private static final int GUESS_10_MS = 10_000;

  @Test
  @DisplayName("admits while the expected answer time is within the budget, and refuses the next with OVERLOADED at once")
  void admitsWithinBudget(Vertx vertx) throws Exception {
    HashQueue queue = new HashQueue(vertx, 1, Duration.ofMillis(100), GUESS_10_MS, 1, new SimpleMeterRegistry());
    CountDownLatch release = new CountDownLatch(1);

    List<Future<String>> submitted = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      submitted.add(queue.submit(() -> {
        release.await();
        return "done";
      }));
    }

    // 10 admitted: the 10th has 9 ahead, 9 x 10 ms + its own 10 ms = 100 ms; the 11th would answer after 110 ms
    Throwable refused = submitted.get(10).cause();
    assertTrue(BusFailure.OVERLOADED.matches(refused), String.valueOf(refused));
    assertEquals(10, queue.pending());
    release.countDown();
    for (Future<String> admitted : submitted.subList(0, 10)) {
      assertEquals("done", admitted.await());
    }
    queue.drained().await();
    assertEquals(0, queue.pending());
  }

  @Test
  @DisplayName("a hash that finds a thread idle is always admitted, whatever the budget")
  void idleThreadAdmits(Vertx vertx) {
    HashQueue queue = new HashQueue(vertx, 2, Duration.ZERO, GUESS_10_MS, 1, new SimpleMeterRegistry());

    assertEquals("first", queue.submit(() -> "first").await());
  }

  @Test
  @DisplayName("runs hashes in the order they arrived")
  void arrivalOrder(Vertx vertx) {
    HashQueue queue = new HashQueue(vertx, 1, Duration.ofSeconds(10), 1, 1, new SimpleMeterRegistry());
    List<Integer> order = new CopyOnWriteArrayList<>();

    List<Future<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int number = i;
      all.add(queue.submit(() -> {
        order.add(number);
        return number;
      }));
    }
    Future.all(all).await();

    assertEquals(IntStream.range(0, 20).boxed().toList(), order);
  }

  @Test
  @DisplayName("the expected hash time follows what hashes measure")
  void followsMeasurements(Vertx vertx) {
    HashQueue queue = new HashQueue(vertx, 1, Duration.ofSeconds(10), 1, 1, new SimpleMeterRegistry());

    for (int i = 0; i < 40; i++) {
      queue.submit(() -> {
        Thread.sleep(20);
        return "slept";
      }).await();
    }

    // a moving average (weight 1/20) of forty durations of at least 20 ms, started from a 1 µs guess: over 17 ms
    assertTrue(queue.averageHashTime().toMillis() >= 15, queue.averageHashTime()::toString);
  }
}
