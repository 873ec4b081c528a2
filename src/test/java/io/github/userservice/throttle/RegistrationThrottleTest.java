package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MutableClock;
import io.github.userservice.support.PostgresServer;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Registrations per address")
class RegistrationThrottleTest {

  private static final ServiceConfig.Throttle FIVE_AN_HOUR = new ServiceConfig.Throttle(5, 15, 900, 50, 5, 100_000);

  @Parameter
  Backend backend;

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private JsonObject db;

  @BeforeEach
  void open(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.db = backend.db(dir);
    node().prepare(vertx).await();
  }

  @Test
  @DisplayName("five attempts an hour pass; the sixth waits until the first is an hour old, and is not counted")
  void slidingHour() {
    RegistrationThrottle throttle = throttle(node());
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.empty(), throttle.attempt("203.0.113.7").await());
      clock.advance(Duration.ofMinutes(10));
    }

    assertEquals(Optional.of(Duration.ofMinutes(10)), throttle.attempt("203.0.113.7").await());
    clock.advance(Duration.ofMinutes(10));
    assertEquals(Optional.empty(), throttle.attempt("203.0.113.7").await(), "the first left the hour; the refused one did not count");
    assertEquals(Optional.empty(), throttle.attempt("198.51.100.1").await(), "another address has its own five");
  }

  @Test
  @DisplayName("store nodes sharing a database count one address together, even when its attempts arrive at once")
  void sharedAcrossNodes() {
    RegistrationThrottle first = throttle(node());
    // SQLite has one store node, whose one throttle all its instances share
    List<RegistrationThrottle> nodes = List.of(first, backend == Backend.POSTGRESQL ? throttle(node()) : first);

    List<Optional<Duration>> answers = Future.all(IntStream.range(0, 20)
        .mapToObj(i -> nodes.get(i % 2).attempt("203.0.113.7")).toList()).await().list();

    assertEquals(5, answers.stream().filter(Optional::isEmpty).count(), answers::toString);
  }

  @Test
  @DisplayName("what no longer holds anybody back is forgotten")
  void expiredForgotten() {
    RegistrationThrottle throttle = throttle(node());
    for (int i = 0; i < 5; i++) {
      throttle.attempt("203.0.113.7").await();
    }
    clock.advance(Duration.ofMinutes(61));

    throttle.forgetExpired().await();

    if (backend == Backend.POSTGRESQL) {
      String url = db.getString("url");
      assertEquals("0", PostgresServer.shared().psql(url.substring(url.lastIndexOf('/') + 1),
        "SELECT count(*) FROM registration_attempts"));
    }
    assertTrue(throttle.attempt("203.0.113.7").await().isEmpty());
  }

  /** A store node's view of the database: a dialect of its own, with its own pool for shared state. */
  private Dialect node() {
    return Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", db.copy())).db());
  }

  private RegistrationThrottle throttle(Dialect node) {
    return RegistrationThrottle.of(FIVE_AN_HOUR, node.sharedStatePool(vertx), clock);
  }
}
