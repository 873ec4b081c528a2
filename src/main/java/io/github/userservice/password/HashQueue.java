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

/**
 * Runs password hashes on a fixed number of threads, in arrival order, and decides at once whether a new hash is
 * admitted, from the answer it can expect: the hashes ahead of it, times the recently measured hash time, divided by
 * the threads, plus its own hash. A refused hash fails {@link BusFailure#OVERLOADED} before any work.
 *
 * <p>Admission tells a burst, or a standing queue that fits, from an open-ended flood, in the spirit of CoDel. While
 * <em>queueing</em>, a hash is admitted if its answer can be expected within the burst budget, so fifty or two
 * hundred registrations arriving at once all wait their turn as long as the threads finish them within it, and so do
 * the steady requests of clients that each wait for their answer before sending the next (their queue stands, but
 * it does not grow). A queue that keeps growing reaches the burst budget: once the hashes starting on the threads
 * have waited longer than the target for a whole interval <em>and</em> hashes were refused in that interval, at the
 * burst budget or a caller's shorter limit (more offered than it can hold, a flood), admission is <em>shedding</em>: a hash is admitted only if
 * its answer is expected within the target, and the others are refused at once, so that the admitted ones wait no
 * longer than that. Shedding ends once a whole interval passed without a refusal and the wait for a thread is within
 * the target again. A caller may ask for less than the budget (what it has left).
 *
 * <p>The hash time is an exponentially weighted moving average of the wall-clock durations measured on the hashing
 * threads, so it includes whatever slows them down. It starts from a calibration ({@link #calibrate}) rather than from
 * a JVM's first hashes, which run before the JIT compiler has done its work. Thread-safe: one queue serves all hasher
 * verticle instances of the process.
 */
final class HashQueue {

  /**
   * Weight of the newest measurement: the last twenty or so hashes make the average, a fraction of a second at the
   * shipped parameters; one slow hash (a GC pause, a busy neighbour) barely moves it.
   */
  private static final double WEIGHT = 0.05;
  /** The guess before any measurement, per KiB of Argon2 memory and pass: pessimistic, about twice a server core. */
  private static final long GUESS_NANOS_PER_KIB_PASS = 1_000;
  /** Calibration: hashes per thread, unless this much time is spent first. */
  private static final int CALIBRATION_HASHES = 3;
  private static final long CALIBRATION_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** The admission budgets: the target a standing queue is shed to, the burst budget, and the interval. */
  record Budgets(Duration target, Duration burst, Duration interval) {
  }

  private final WorkerExecutor threads;
  private final int threadCount;
  private final long targetNanos;
  private final long burstNanos;
  private final long intervalNanos;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private volatile double averageNanos;

  // admission state, guarded by this
  private int pending;
  private long started;
  private boolean shedding;
  /** When the hashes starting on the threads began to wait longer than the target (0: they do not). */
  private long standingSince;
  private int refusedSinceStanding;
  private long lastRefusal;

  /**
   * @param memoryKiB, iterations the parameters new hashes use, for the guess before the calibration
   * @param registry   receives {@code hashes.pending}, {@code hashes.duration.average}, {@code hashes.wait.expected}
   *                   and {@code hashes.admission.shedding}
   */
  HashQueue(Vertx vertx, int threadCount, Budgets budgets, int memoryKiB, int iterations, MeterRegistry registry) {
    if (threadCount < 1) {
      throw new IllegalArgumentException("a hash queue needs at least one thread");
    }
    this.threadCount = threadCount;
    this.targetNanos = budgets.target().toNanos();
    this.burstNanos = budgets.burst().toNanos();
    this.intervalNanos = budgets.interval().toNanos();
    this.averageNanos = (double) memoryKiB * iterations * GUESS_NANOS_PER_KIB_PASS;
    // no time limit of its own: Argon2 with large parameters legitimately keeps a thread for seconds
    this.threads = vertx.createSharedWorkerExecutor("argon2", threadCount, 10, TimeUnit.MINUTES);
    Gauge.builder("hashes.pending", this, HashQueue::pending)
      .description("Password hashes admitted and not yet done: computing or queued").register(registry);
    TimeGauge.builder("hashes.duration.average", this, TimeUnit.NANOSECONDS, queue -> queue.averageNanos)
      .description("Recent average wall-clock time of one password hash, which admission works with").register(registry);
    TimeGauge.builder("hashes.wait.expected", this, TimeUnit.NANOSECONDS, queue -> queue.expectedWaitNanos(queue.pending()))
      .description("How long a hash admitted now would wait for a hashing thread").register(registry);
    Gauge.builder("hashes.admission.shedding", this, queue -> queue.shedding() ? 1 : 0)
      .description("1 while a standing queue is shed down to its target, 0 while hashes queue up to the burst budget").register(registry);
  }

  /**
   * Runs the hash on a hashing thread once those ahead of it started, if its answer can be expected within the
   * budget of the moment and within {@code maxWait}; else fails at once with {@link BusFailure#OVERLOADED}. Completes
   * on the caller's context.
   */
  <T> Future<T> submit(Callable<T> hash, Duration maxWait) {
    if (!admit(System.nanoTime(), maxWait.toNanos())) {
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    long admitted = System.nanoTime();
    // not ordered per caller: every task goes straight to the pool's one FIFO queue, whoever submitted it
    return threads.executeBlocking(() -> {
      started(System.nanoTime(), admitted);
      return measured(hash);
    }, false).andThen(done -> finished());
  }

  /**
   * Measures the hash time before the first request: {@code work} (a hash with the service's own parameters) runs on
   * every hashing thread at once, a few times, and the fastest run becomes the estimate. A fresh JVM runs its first
   * hashes slowly, before the JIT compiler has done its work; the fastest run is the closest to what the threads
   * will sustain a moment later.
   */
  Future<Duration> calibrate(Callable<?> work) {
    List<Future<Long>> runs = new ArrayList<>();
    for (int i = 0; i < threadCount; i++) {
      runs.add(threads.executeBlocking(() -> fastestOf(work), false));
    }
    return Future.all(runs).map(done -> {
      long fastest = runs.stream().mapToLong(Future::result).min().orElseThrow();
      averageNanos = fastest;
      return Duration.ofNanos(fastest);
    });
  }

  /** The recent average duration of one hash, as admission expects it. */
  Duration averageHashTime() {
    return Duration.ofNanos((long) averageNanos);
  }

  /** Hashes admitted and not done. */
  synchronized int pending() {
    return pending;
  }

  /** Hashes that started on a thread so far. */
  synchronized long started() {
    return started;
  }

  /** Whether a standing queue is being shed down to its target. */
  synchronized boolean shedding() {
    return shedding;
  }

  /** Completes once no hash is admitted or computing, e.g. for a graceful shutdown. */
  synchronized Future<Void> drained() {
    if (pending == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    drainWaiters.add(waiter);
    return waiter.future();
  }

  private synchronized boolean admit(long now, long maxWaitNanos) {
    double expected = expectedWaitNanos(pending) + averageNanos;
    if (shedding && now - lastRefusal >= intervalNanos && expectedWaitNanos(pending) <= targetNanos) {
      shedding = false;
    }
    long limit = Math.min(shedding ? targetNanos : burstNanos, maxWaitNanos);
    if (pending >= threadCount && expected > limit) {
      lastRefusal = now;
      refusedSinceStanding++;
      return false;
    }
    pending++;
    return true;
  }

  /**
   * A hash starts on a thread, after waiting since {@code admitted}: a wait over the target that lasts a whole
   * interval, while hashes were refused for want of room, is a flood, and admission sheds; a wait within the target
   * ends the standing.
   */
  private synchronized void started(long now, long admitted) {
    started++;
    if (now - admitted <= targetNanos) {
      standingSince = 0;
      return;
    }
    if (standingSince == 0) {
      standSince(now);
    } else if (now - standingSince >= intervalNanos) {
      if (refusedSinceStanding > 0) {
        shedding = true;
      }
      standSince(now);
    }
  }

  private void standSince(long now) {
    standingSince = now;
    refusedSinceStanding = 0;
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
    List<Promise<Void>> waiters = List.of();
    synchronized (this) {
      pending--;
      if (pending == 0) {
        waiters = List.copyOf(drainWaiters);
        drainWaiters.clear();
      }
    }
    waiters.forEach(Promise::tryComplete);
  }

  private static long fastestOf(Callable<?> work) throws Exception {
    long fastest = Long.MAX_VALUE;
    long spent = 0;
    for (int i = 0; i < CALIBRATION_HASHES && spent < CALIBRATION_NANOS; i++) {
      long start = System.nanoTime();
      work.call();
      long took = System.nanoTime() - start;
      fastest = Math.min(fastest, took);
      spent += took;
    }
    return fastest;
  }
}
