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
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("The hash queue")
class HashQueueTest {

  /** memoryKiB x iterations x 1 µs: a first guess of 10 ms per hash. */
  private static final int GUESS_10_MS = 10_000;
  private static final Duration NO_LIMIT = Duration.ofDays(1);

  @Test
  @DisplayName("admits while the expected answer time is within the burst budget, and refuses the next with OVERLOADED at once")
  void admitsWithinBudget(Vertx vertx) {
    HashQueue queue = queue(vertx, 1, budgets(100, 100, 1_000), GUESS_10_MS);
    CountDownLatch release = new CountDownLatch(1);

    List<Future<String>> submitted = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      submitted.add(queue.submit(blocked(release), NO_LIMIT));
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
  @DisplayName("a burst past the target is admitted while its work fits the burst budget")
  void burstQueues(Vertx vertx) {
    HashQueue queue = queue(vertx, 1, budgets(20, 10_000, 1_000), GUESS_10_MS);
    CountDownLatch release = new CountDownLatch(1);

    List<Future<String>> burst = IntStream.range(0, 200).mapToObj(i -> queue.submit(blocked(release), NO_LIMIT)).toList();

    assertTrue(burst.stream().noneMatch(Future::failed), "200 x 10 ms fit 10 s");
    release.countDown();
    Future.all(burst).await();
    assertFalse(queue.shedding());
  }

  @Test
  @DisplayName("a caller's own shorter limit is kept: a hash that cannot answer within it is refused")
  void callerLimit(Vertx vertx) {
    HashQueue queue = queue(vertx, 1, budgets(20, 10_000, 1_000), GUESS_10_MS);
    CountDownLatch release = new CountDownLatch(1);
    queue.submit(blocked(release), NO_LIMIT);
    queue.submit(blocked(release), NO_LIMIT);

    Future<String> hurried = queue.submit(blocked(release), Duration.ofMillis(15));

    assertTrue(BusFailure.OVERLOADED.matches(hurried.cause()), String.valueOf(hurried.cause()));
    release.countDown();
  }

  @Test
  @DisplayName("a queue that stands above the target for an interval while more is offered than the burst budget holds is shed down to the target, until refusals stop")
  void floodShed(Vertx vertx) throws Exception {
    HashQueue queue = queue(vertx, 1, budgets(20, 60, 200), GUESS_10_MS);
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    List<Future<String>> admitted = List.of(
      queue.submit(blocked(first), NO_LIMIT), queue.submit(blocked(second), NO_LIMIT), queue.submit(blocked(rest), NO_LIMIT));

    Thread.sleep(300);
    first.countDown(); // the second starts, having waited over the target: the queue stands from now on
    awaitStarted(queue, 2);
    Future<String> overBudget = queue.submit(blocked(rest), NO_LIMIT); // the hash time measured 300 ms: no room within 60 ms
    assertTrue(BusFailure.OVERLOADED.matches(overBudget.cause()), String.valueOf(overBudget.cause()));
    assertFalse(queue.shedding(), "a refusal at the burst budget alone is not yet a flood");
    Thread.sleep(300);
    second.countDown(); // the third starts a whole interval later, and hashes were refused meanwhile: a flood
    awaitStarted(queue, 3);

    assertTrue(queue.shedding());
    Future<String> shed = queue.submit(blocked(rest), NO_LIMIT);
    assertTrue(BusFailure.OVERLOADED.matches(shed.cause()), "a hash ahead is over the 20 ms target: " + shed.cause());
    rest.countDown();
    Future.all(admitted).await();
    Thread.sleep(300); // an interval without refusals
    assertEquals("done", queue.submit(() -> "done", NO_LIMIT).await());
    assertFalse(queue.shedding());
  }

  @Test
  @DisplayName("a queue that stands above the target but within the burst budget is not shed: clients that each wait for their answer before sending the next")
  void standingQueueThatFitsNotShed(Vertx vertx) throws Exception {
    HashQueue queue = queue(vertx, 1, budgets(20, 10_000, 100), GUESS_10_MS);
    List<Throwable> refusals = new CopyOnWriteArrayList<>();
    CountDownLatch clientsDone = new CountDownLatch(10);
    long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();

    for (int client = 0; client < 10; client++) {
      hashUntil(queue, until, refusals, clientsDone); // 10 waiting on one thread: a queue of 90 ms, over the target
    }
    clientsDone.await();

    assertEquals(List.of(), refusals);
    assertFalse(queue.shedding());
    assertTrue(queue.started() > 30, "the queue stood for several intervals: " + queue.started() + " hashes");
  }

  @Test
  @DisplayName("a burst draining past the target for longer than an interval is not shed")
  void drainingBurstNotShed(Vertx vertx) throws Exception {
    HashQueue queue = queue(vertx, 1, budgets(20, 10_000, 200), GUESS_10_MS);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> burst = new ArrayList<>(List.of(queue.submit(blocked(release), NO_LIMIT)));
    for (int i = 0; i < 30; i++) {
      burst.add(queue.submit(() -> {
        Thread.sleep(20);
        return "done";
      }, NO_LIMIT));
    }

    Thread.sleep(300);
    release.countDown(); // 30 hashes of 20 ms, all having waited over the target, and nothing new coming in
    Future.all(burst).await();

    assertFalse(queue.shedding());
  }

  @Test
  @DisplayName("a hash that finds a thread idle is always admitted, whatever the budget")
  void idleThreadAdmits(Vertx vertx) {
    HashQueue queue = queue(vertx, 2, budgets(0, 0, 1_000), GUESS_10_MS);

    assertEquals("first", queue.submit(() -> "first", Duration.ZERO).await());
  }

  @Test
  @DisplayName("calibrated at start, the estimate is what the threads take, not the pessimistic guess: a burst fits")
  void calibration(Vertx vertx) {
    // a guess of a second per hash, and a budget of two: uncalibrated, one thread admits two hashes at a time
    HashQueue guessing = queue(vertx, 1, budgets(2_000, 2_000, 1_000), 1_000_000);
    HashQueue calibrated = queue(vertx, 1, budgets(2_000, 2_000, 1_000), 1_000_000);
    Duration measured = calibrated.calibrate(() -> "a hash of about nothing").await();
    CountDownLatch release = new CountDownLatch(1);

    long admittedGuessing = IntStream.range(0, 50).mapToObj(i -> guessing.submit(blocked(release), NO_LIMIT)).filter(f -> !f.failed()).count();
    long admittedCalibrated = IntStream.range(0, 50).mapToObj(i -> calibrated.submit(blocked(release), NO_LIMIT)).filter(f -> !f.failed()).count();

    assertEquals(2, admittedGuessing);
    assertEquals(50, admittedCalibrated, "estimate " + measured);
    release.countDown();
  }

  @Test
  @DisplayName("runs hashes in the order they arrived")
  void arrivalOrder(Vertx vertx) {
    HashQueue queue = queue(vertx, 1, budgets(10_000, 10_000, 1_000), 1);
    List<Integer> order = new CopyOnWriteArrayList<>();

    List<Future<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int number = i;
      all.add(queue.submit(() -> {
        order.add(number);
        return number;
      }, NO_LIMIT));
    }
    Future.all(all).await();

    assertEquals(IntStream.range(0, 20).boxed().toList(), order);
  }

  @Test
  @DisplayName("the expected hash time follows what hashes measure")
  void followsMeasurements(Vertx vertx) {
    HashQueue queue = queue(vertx, 1, budgets(10_000, 10_000, 1_000), 1);

    for (int i = 0; i < 40; i++) {
      queue.submit(() -> {
        Thread.sleep(20);
        return "slept";
      }, NO_LIMIT).await();
    }

    // a moving average (weight 1/20) of forty durations of at least 20 ms, started from a 1 µs guess: over 17 ms
    assertTrue(queue.averageHashTime().toMillis() >= 15, queue.averageHashTime()::toString);
  }

  private static HashQueue queue(Vertx vertx, int threads, HashQueue.Budgets budgets, int guessKiBPasses) {
    return new HashQueue(vertx, threads, budgets, guessKiBPasses, 1, new SimpleMeterRegistry());
  }

  private static HashQueue.Budgets budgets(long targetMs, long burstMs, long intervalMs) {
    return new HashQueue.Budgets(Duration.ofMillis(targetMs), Duration.ofMillis(burstMs), Duration.ofMillis(intervalMs));
  }

  private static Callable<String> blocked(CountDownLatch release) {
    return () -> {
      release.await();
      return "done";
    };
  }

  /** One client: a hash of 10 ms, and the next once it is answered, until {@code until}. */
  private static void hashUntil(HashQueue queue, long until, List<Throwable> refusals, CountDownLatch done) {
    queue.submit(() -> {
      Thread.sleep(10);
      return "done";
    }, NO_LIMIT).onComplete(answer -> {
      if (answer.failed()) {
        refusals.add(answer.cause());
      }
      if (answer.failed() || System.nanoTime() >= until) {
        done.countDown();
      } else {
        hashUntil(queue, until, refusals, done);
      }
    });
  }

  /** Waits until this many hashes have started on the thread. */
  private static void awaitStarted(HashQueue queue, int started) throws InterruptedException {
    for (int i = 0; i < 500 && queue.started() < started; i++) {
      Thread.sleep(10);
    }
    assertEquals(started, queue.started());
  }
}
