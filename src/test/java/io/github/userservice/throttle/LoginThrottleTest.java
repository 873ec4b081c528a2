package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Login throttle")
class LoginThrottleTest {

  private static final ServiceConfig.Throttle DEFAULTS = new ServiceConfig.Throttle(5, 15, 900, 50, 20, 100_000);

  @Parameter
  Backend backend;

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private Dialect database;
  private BlockingThrottle throttle;

  @BeforeEach
  void open(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.database = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", backend.db(dir))).db());
    database.prepare(vertx).await();
    throttle = throttle(DEFAULTS);
  }

  private BlockingThrottle throttle(ServiceConfig.Throttle config) {
    return new BlockingThrottle(LoginThrottle.of(config, database.sharedStatePool(vertx), clock));
  }

  /** The throttle's answers awaited, so that the tests read as the sequences of events they are. */
  private record BlockingThrottle(LoginThrottle throttle) {

    Optional<Duration> retryAfter(String login, String address) {
      return throttle.retryAfter(login, address).await();
    }

    Optional<Duration> begin(String login, String address) {
      return throttle.begin(login, address).await();
    }

    void failed(String login, String address) {
      throttle.failed(login, address).await();
    }

    void succeeded(String login) {
      throttle.succeeded(login).await();
    }

    void abandoned(String login) {
      throttle.abandoned(login).await();
    }
  }

  @Test
  @DisplayName("four failures cost nothing; from the fifth the account waits 1 s, 2 s, 4 s ... up to 15 minutes")
  void exponentialBackoff() {
    assertEquals(List.of(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L), waitsAfterEachFailure(throttle, 15));
  }

  @Test
  @DisplayName("the back-off stops doubling at the configured maximum")
  void backoffCap() {
    BlockingThrottle capped = throttle(new ServiceConfig.Throttle(5, 15, 60, 50, 20, 100_000));

    assertEquals(List.of(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), waitsAfterEachFailure(capped, 12));
  }

  /** Fails {@code failures} times, each time waiting out the back-off first, as a patient attacker would. */
  private List<Long> waitsAfterEachFailure(BlockingThrottle throttle, int failures) {
    List<Long> waits = new ArrayList<>();
    for (int failure = 1; failure <= failures; failure++) {
      throttle.failed("alice", "address-" + failure);
      Duration wait = throttle.retryAfter("alice", "elsewhere").orElse(Duration.ZERO);
      waits.add(wait.getSeconds());
      clock.advance(wait);
    }
    return waits;
  }

  @Test
  @DisplayName("before any failure, logins of one account are not held back, however many at once")
  void concurrentLoginsBeforeFailures() {
    long admitted = IntStream.range(0, 100).filter(i -> throttle.begin("alice", "10.0.0.1").isEmpty()).count();

    assertEquals(100, admitted);
  }

  @Test
  @DisplayName("threads whose clocks read a hair apart never hold each other back before the back-off")
  void clockSkewBetweenThreads() {
    assertTrue(throttle.begin("alice", "a").isEmpty());
    clock.advance(Duration.ofNanos(-1_000));
    assertTrue(throttle.begin("alice", "b").isEmpty(), "after another thread made the entry a microsecond later");
    throttle.failed("alice", "a");
    clock.advance(Duration.ofNanos(-1_000));

    assertTrue(throttle.begin("alice", "c").isEmpty(), "after another thread counted a failure a microsecond later");
  }

  @Test
  @DisplayName("once the back-off has passed, one guess at a time goes through")
  void oneGuessPerBackoff() {
    for (int i = 0; i < 5; i++) {
      throttle.begin("alice", "a");
      throttle.failed("alice", "a");
    }
    clock.advance(Duration.ofSeconds(1));

    assertTrue(throttle.begin("alice", "b").isEmpty());
    assertTrue(throttle.begin("alice", "c").isPresent(), "the first one's outcome is not known yet");
  }

  @Test
  @DisplayName("an attempt that checked nothing (no hasher answered) counts neither as a failure nor as in flight")
  void abandonedAttempt() {
    for (int i = 0; i < 5; i++) {
      throttle.begin("alice", "a");
      throttle.failed("alice", "a");
    }
    clock.advance(Duration.ofSeconds(1));
    assertTrue(throttle.begin("alice", "b").isEmpty());

    throttle.abandoned("alice");

    assertTrue(throttle.begin("alice", "c").isEmpty(), "the abandoned attempt no longer holds the next one back");
  }

  @Test
  @DisplayName("the back-off ends by itself: no failure count can lock an account for good")
  void noPermanentLock() {
    for (int failure = 1; failure <= 1_000; failure++) {
      throttle.failed("victim", "attacker");
    }
    clock.advance(Duration.ofSeconds(900));

    assertEquals(Optional.empty(), throttle.retryAfter("victim", "the victim's own address"));
  }

  @Test
  @DisplayName("failures are forgotten 15 minutes after the last one")
  void window() {
    for (int failure = 1; failure <= 4; failure++) {
      throttle.failed("alice", "somewhere");
    }
    clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    throttle.failed("alice", "somewhere");

    assertEquals(Optional.empty(), throttle.retryAfter("alice", "somewhere"));
  }

  @Test
  @DisplayName("a success clears the account's counter")
  void successResets() {
    for (int failure = 1; failure <= 4; failure++) {
      throttle.failed("alice", "address-" + failure);
    }
    throttle.succeeded("alice");
    throttle.failed("alice", "address-5");

    assertEquals(Optional.empty(), throttle.retryAfter("alice", "address-6"));
  }

  @Test
  @DisplayName("an address gets 50 failures a minute, across any logins, then waits for the minute to end")
  void addressLimit() {
    for (int failure = 1; failure <= 50; failure++) {
      assertEquals(Optional.empty(), throttle.retryAfter("login-" + failure, "203.0.113.7"));
      throttle.failed("login-" + failure, "203.0.113.7");
      clock.advance(Duration.ofMillis(100));
    }

    assertEquals(Optional.of(Duration.ofSeconds(55)), throttle.retryAfter("fresh-login", "203.0.113.7"));
    assertEquals(Optional.empty(), throttle.retryAfter("fresh-login", "198.51.100.1"));
    clock.advance(Duration.ofSeconds(55));
    assertEquals(Optional.empty(), throttle.retryAfter("fresh-login", "203.0.113.7"));
  }
}
