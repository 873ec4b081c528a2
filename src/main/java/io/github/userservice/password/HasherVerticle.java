package io.github.userservice.password;

import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.HashTiming;
import io.github.userservice.bus.HashRequest;
import io.github.userservice.bus.VerifyRequest;
import io.github.userservice.bus.PasswordAddresses;
import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A hasher: answers {@link PasswordAddresses} from an event loop, admits or sheds each request at once through the
 * {@link HashQueue}, and computes on its threads. No database, no state: any number may run, here and on other nodes.
 * Deployed with one instance per hashing thread, each with one consumer per address, so that a clustered bus, which
 * weighs nodes by their consumers, sends each node its share of the work.
 */
public final class HasherVerticle extends VerticleBase {

  private static final long DRAIN_TIMEOUT_SECONDS = 30;
  private static final String CALIBRATION_PASSWORD = "a calibration, never stored";

  private final PasswordHasher hasher;
  private final HashQueue queue;

  private HasherVerticle(PasswordHasher hasher, HashQueue queue) {
    this.hasher = Objects.requireNonNull(hasher);
    this.queue = Objects.requireNonNull(queue);
  }

  /**
   * The hashing threads of this process, calibrated with a few hashes of the service's own parameters (so that
   * admission expects what the threads will sustain, not what a cold JVM's first hashes take), and their consumers,
   * {@code worker.instances} of each.
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config, MeterRegistry registry) {
    int threads = config.worker().instances();
    PasswordHasher hasher = new PasswordHasher(threads, config.argon2(), config.imports(), registry);
    ServiceConfig.Worker worker = config.worker();
    HashQueue queue = new HashQueue(vertx, threads, new HashQueue.Budgets(Duration.ofMillis(worker.maxQueueWaitMs()),
        Duration.ofMillis(worker.burstQueueWaitMs()), Duration.ofMillis(worker.shedAfterMs())),
      config.argon2().memoryKiB(), config.argon2().iterations(), registry);
    Argon2Parameters own = config.argon2().parameters();
    return queue.calibrate(() -> hasher.calibrationHash(CALIBRATION_PASSWORD, own))
      .compose(calibrated -> vertx.deployVerticle(() -> new HasherVerticle(hasher, queue), new DeploymentOptions().setInstances(threads)));
  }

  @Override
  public Future<?> start() {
    return Future.all(
      answer(PasswordAddresses.HASH, this::hash),
      answer(PasswordAddresses.VERIFY, this::verify),
      answer(PasswordAddresses.PING, ping -> Future.succeededFuture(new Timed(new JsonObject().put("status", "UP"), 0))));
  }

  /** Lets the hashes already admitted finish, so that a graceful shutdown answers them. */
  @Override
  public Future<?> stop() {
    return queue.drained().timeout(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private Future<Timed> hash(JsonObject json) {
    HashRequest request = HashRequest.fromJson(json);
    requirePassword(request.password());
    return queue.submit(() -> Timed.of(() -> new JsonObject().put("hash", hasher.hash(request.password(), request.parameters()))),
      Duration.ofMillis(request.maxWaitMs()));
  }

  private Future<Timed> verify(JsonObject json) {
    VerifyRequest request = VerifyRequest.fromJson(json);
    requirePassword(request.password());
    return queue.submit(() -> Timed.of(() -> new JsonObject().put("matches", hasher.verify(request.hash(), request.password()))),
      Duration.ofMillis(request.maxWaitMs()));
  }

  /** An answer and the time its hash took on the thread, which the reply's header tells the caller. */
  private record Timed(JsonObject answer, long millis) {

    static Timed of(Supplier<JsonObject> hash) {
      long start = System.nanoTime();
      JsonObject answer = hash.get();
      return new Timed(answer, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    DeliveryOptions options() {
      return new DeliveryOptions().addHeader(HashTiming.HEADER, Long.toString(millis));
    }
  }

  /** The bus is an interface of its own: a password the API would refuse is refused here too, before any work. */
  private static void requirePassword(String password) {
    if (PasswordPolicy.checkShape(password).isPresent()) {
      throw new IllegalArgumentException("not a password");
    }
  }

  private Future<Void> answer(String address, Function<JsonObject, Future<Timed>> operation) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> reply(message, operation)).completion();
  }

  private static void reply(Message<JsonObject> message, Function<JsonObject, Future<Timed>> operation) {
    Future<Timed> answer;
    try {
      answer = operation.apply(message.body());
    } catch (RuntimeException malformed) {
      // a missing or mistyped field, or parameters out of range: never echoed, it may hold the password
      answer = Future.failedFuture(BusFailure.INVALID_REQUEST.exception());
    }
    answer.onSuccess(timed -> message.reply(timed.answer(), timed.options())).onFailure(failure -> {
      ReplyException known = failure instanceof ReplyException ? (ReplyException) failure : BusFailure.INVALID_REQUEST.exception();
      message.fail(known.failureCode(), known.getMessage());
    });
  }
}
