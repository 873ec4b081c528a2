package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MutableClock;
import io.vertx.core.Future;
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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Wrong second-factor codes per account")
class SecondFactorThrottleTest {

  private static final ServiceConfig.Totp DEFAULTS = new ServiceConfig.Totp("user-service", 5, 100);

  @Parameter
  Backend backend;

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private Dialect database;
  private SecondFactorThrottle throttle;

  @BeforeEach
  void open(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.database = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", backend.db(dir))).db());
    database.prepare(vertx).await();
    throttle = throttle(DEFAULTS);
  }

  private SecondFactorThrottle throttle(ServiceConfig.Totp config) {
    return SecondFactorThrottle.of(config, 100_000, database.sharedStatePool(vertx), clock);
  }

  @Test
  @DisplayName("five wrong codes go through; then the account waits 30 s, 60 s ... up to 15 minutes before each next one")
  void backoff() {
    List<String> admissions = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      SecondFactorThrottle.Admission admission = throttle.attempt("alice", false).await();
      if (admission instanceof SecondFactorThrottle.Wait wait) {
        admissions.add(Long.toString(wait.duration().toSeconds()));
        clock.advance(wait.duration());
      } else {
        admissions.add(admission instanceof SecondFactorThrottle.Admitted ? "ok" : "locked");
      }
    }

    assertEquals(List.of("ok", "ok", "ok", "ok", "ok", "30", "ok", "60", "ok", "120", "ok", "240", "ok", "480", "ok", "900", "ok", "900"),
      admissions);
  }

  @Test
  @DisplayName("a hundred codes sent at once: five are checked, the others wait")
  void concurrentGuesses() {
    List<SecondFactorThrottle.Admission> admissions = Future.all(IntStream.range(0, 100)
      .mapToObj(i -> throttle.attempt("alice", false)).toList()).await().list();

    assertEquals(5, admissions.stream().filter(SecondFactorThrottle.Admitted.class::isInstance).count());
  }

  @Test
  @DisplayName("a right code clears the count")
  void successClears() {
    for (int i = 0; i < 4; i++) {
      throttle.attempt("alice", false).await();
    }
    throttle.succeeded("alice").await();
    for (int i = 0; i < 4; i++) {
      assertInstanceOf(SecondFactorThrottle.Admitted.class, throttle.attempt("alice", false).await());
    }
  }

  @Test
  @DisplayName("after the cap of wrong codes in a row, codes are locked however long one waits; a recovery code still goes through")
  void capOfConsecutiveFailures() {
    SecondFactorThrottle capped = throttle(new ServiceConfig.Totp("user-service", 2, 3));
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(SecondFactorThrottle.Admitted.class, capped.attempt("alice", false).await());
      clock.advance(Duration.ofHours(1));
    }

    assertInstanceOf(SecondFactorThrottle.Locked.class, capped.attempt("alice", false).await());
    clock.advance(Duration.ofDays(30));
    assertInstanceOf(SecondFactorThrottle.Locked.class, capped.attempt("alice", false).await());
    assertInstanceOf(SecondFactorThrottle.Admitted.class, capped.attempt("alice", true).await());
    assertInstanceOf(SecondFactorThrottle.Admitted.class, capped.attempt("bob", false).await(), "other accounts are not touched");
  }
}
