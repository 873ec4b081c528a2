package io.github.userservice.password;

import io.github.userservice.bus.BusFailure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs password hashes on a fixed number of threads, in arrival order, and admits a hash only while the answer can
 * be expected within a budget: the hashes ahead of it, times the recently measured hash time, divided by the
 * threads, plus its own hash. Past the budget a hash is refused at once ({@link BusFailure#OVERLOADED}) instead of
 * joining a queue that only grows, so latency and memory stay bounded under a flood, while a burst the threads can
 * finish within the budget waits its turn. Shedding by expected time rather than by count follows the hash cost:
 * heavier Argon2 parameters admit fewer, a faster machine more.
 *
 * <p>The hash time is an exponentially weighted moving average of the wall-clock durations measured on the hashing
 * threads, so it includes whatever slows them down. Before the first hash it is a pessimistic guess from the
 * parameters. Thread-safe: one queue serves all hasher verticle instances of the process.
 */
final class HashQueue {

  /**
   * Weight of the newest measurement: the last twenty or so hashes make the average, a fifth of a second at the
   * shipped parameters on two cores; one slow hash (a GC pause, a busy neighbour) barely moves it.
   */
  private static final double WEIGHT = 0.05;
  /** The first guess, per KiB of Argon2 memory and pass: pessimistic, about twice what one server core takes. */
  private static final long GUESS_NANOS_PER_KIB_PASS = 1_000;

  private final WorkerExecutor threads;
  private final int threadCount;
  private final long budgetNanos;
  private final AtomicInteger pending = new AtomicInteger();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private volatile double averageNanos;

  /**
   * @param memoryKiB, iterations the parameters new hashes use, for the first guess of a hash's duration
   * @param registry   receives {@code hashes.pending}, {@code hashes.duration.average} and {@code hashes.wait.expected}
   */
  HashQueue(Vertx vertx, int threadCount, Duration budget, int memoryKiB, int iterations, MeterRegistry registry) {
    if (threadCount < 1) {
      throw new IllegalArgumentException("a hash queue needs at least one thread");
    }
    this.threadCount = threadCount;
    this.budgetNanos = budget.toNanos();
    this.averageNanos = (double) memoryKiB * iterations * GUESS_NANOS_PER_KIB_PASS;
    // no time limit of its own: Argon2 with large parameters legitimately keeps a thread for seconds
    this.threads = vertx.createSharedWorkerExecutor("argon2", threadCount, 10, TimeUnit.MINUTES);
    Gauge.builder("hashes.pending", pending, AtomicInteger::get)
      .description("Password hashes admitted and not yet done: computing or queued").register(registry);
    TimeGauge.builder("hashes.duration.average", this, TimeUnit.NANOSECONDS, queue -> queue.averageNanos)
      .description("Recent average wall-clock time of one password hash, which admission works with").register(registry);
    TimeGauge.builder("hashes.wait.expected", this, TimeUnit.NANOSECONDS, queue -> queue.expectedWaitNanos(queue.pending.get()))
      .description("How long a hash admitted now would wait for a hashing thread").register(registry);
  }

  /**
   * Runs the hash on a hashing thread once those ahead of it started, if its answer can be expected within the
   * budget; else fails at once with {@link BusFailure#OVERLOADED}. Completes on the caller's context.
   */
  <T> Future<T> submit(Callable<T> hash) {
    if (!admit()) {
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    // not ordered per caller: every task goes straight to the pool's one FIFO queue, whoever submitted it
    return threads.executeBlocking(() -> measured(hash), false).andThen(done -> finished());
  }

  /** The recent average duration of one hash, as admission expects it. */
  Duration averageHashTime() {
    return Duration.ofNanos((long) averageNanos);
  }

  /** Hashes admitted and not done. */
  int pending() {
    return pending.get();
  }

  /** Completes once no hash is admitted or computing, e.g. for a graceful shutdown. */
  synchronized Future<Void> drained() {
    if (pending.get() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    drainWaiters.add(waiter);
    return waiter.future();
  }

  private boolean admit() {
    while (true) {
      int ahead = pending.get();
      if (expectedWaitNanos(ahead) + averageNanos > budgetNanos && ahead >= threadCount) {
        return false;
      }
      if (pending.compareAndSet(ahead, ahead + 1)) {
        return true;
      }
    }
  }

  /** Nothing to wait for while a thread is idle; then the hashes ahead, shared among the threads. */
  private double expectedWaitNanos(int ahead) {
    return ahead < threadCount ? 0 : ahead * averageNanos / threadCount;
  }

  private <T> T measured(Callable<T> hash) throws Exception {
    long start = System.nanoTime();
    try {
      return hash.call();
    } finally {
      record(System.nanoTime() - start);
    }
  }

  private synchronized void record(long nanos) {
    averageNanos += WEIGHT * (nanos - averageNanos);
  }

  private void finished() {
    if (pending.decrementAndGet() == 0) {
      List<Promise<Void>> waiters;
      synchronized (this) {
        waiters = List.copyOf(drainWaiters);
        drainWaiters.clear();
      }
      waiters.forEach(Promise::tryComplete);
    }
  }
}
