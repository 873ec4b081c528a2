package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.Backend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("The audit trail keeps its events for the retention period")
class AuditRetentionTest {

  @Parameter
  Backend backend;

  @Test
  @DisplayName("a purge deletes, a batch at a time, exactly the events older than the cutoff; ids keep growing after it")
  void purge(Vertx vertx, @TempDir Path dir) {
    Dialect database = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", backend.db(dir))).db());
    database.prepare(vertx).await();
    Pool pool = database.open(vertx);
    AuditTrail trail = new AuditTrail(database, List.of());
    Instant now = Instant.now();
    for (int i = 0; i < 1_050; i++) {
      trail.record(pool, event(now.minus(Duration.ofDays(100)), "old-" + i)).await();
    }
    trail.record(pool, event(now.minus(Duration.ofDays(89)), "recent")).await();

    int purged = trail.purge(pool, now.minus(Duration.ofDays(90))).await();
    trail.record(pool, event(now, "after")).await();

    List<AuditEvent> left = trail.page(pool, 0, null, null, 10).await();
    assertEquals(1_050, purged, "more than two batches of 500");
    assertEquals(List.of("recent", "after"), left.stream().map(AuditEvent::login).toList());
    assertEquals(1_052, left.get(1).id(), "ids are never given twice");
  }

  private static AuditEvent event(Instant time, String login) {
    return new AuditEvent(0, time, AuditType.LOGIN_FAILED, login, null, "203.0.113.7", null, null);
  }
}
