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
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Session requests per address and per session")
class SessionRequestThrottleTest {

  /** Three per session, five per address, a minute each. */
  private static final ServiceConfig.Sessions LIMITS = new ServiceConfig.Sessions(7, 30, 100, 60, 3, 5, "unused");

  @Parameter
  Backend backend;

  private final MutableClock clock = new MutableClock();
  private SessionRequestThrottle throttle;

  @BeforeEach
  void open(Vertx vertx, @TempDir Path dir) {
    Dialect database = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", backend.db(dir))).db());
    database.prepare(vertx).await();
    throttle = SessionRequestThrottle.of(LIMITS, 100_000, database.sharedStatePool(vertx), clock);
  }

  @Test
  @DisplayName("an address gets its five requests a minute, the sixth waits for the rest of the minute, the next minute is new")
  void perAddress() {
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.empty(), throttle.fromAddress("203.0.113.7").await());
      clock.advance(Duration.ofSeconds(1));
    }

    assertEquals(Optional.of(Duration.ofSeconds(55)), throttle.fromAddress("203.0.113.7").await());
    assertEquals(Optional.empty(), throttle.fromAddress("203.0.113.8").await(), "another address is not held back");
    clock.advance(Duration.ofSeconds(55));
    assertEquals(Optional.empty(), throttle.fromAddress("203.0.113.7").await());
  }

  @Test
  @DisplayName("a session gets its three requests a minute, whatever the addresses, and the others are not held back")
  void perSession() {
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), throttle.forSession("session-a").await());
    }

    assertTrue(throttle.forSession("session-a").await().isPresent());
    assertEquals(Optional.empty(), throttle.forSession("session-b").await());
    throttle.forgetExpired().await();
    assertTrue(throttle.forSession("session-a").await().isPresent(), "the current minute is not forgotten");
  }
}
