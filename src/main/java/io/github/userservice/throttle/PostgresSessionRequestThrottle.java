package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SessionRequestThrottle} that several store nodes share, in PostgreSQL: one row per address and per
 * session ({@code a:} and {@code s:} keys) with its minute's start and count, changed by one atomic statement per
 * request, so that nodes never miss each other's counts.
 */
final class PostgresSessionRequestThrottle implements SessionRequestThrottle {

  private static final String COUNT = """
    INSERT INTO session_request_counts AS c (key, window_start, requests) VALUES ($1, $2, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN c.window_start > $3 THEN c.window_start ELSE $2 END,
      requests = CASE WHEN c.window_start > $3 THEN c.requests + 1 ELSE 1 END
    RETURNING window_start, requests""";
  private static final String FORGET_EXPIRED = "DELETE FROM session_request_counts WHERE window_start <= $1";

  private final Pool pool;
  private final ServiceConfig.Sessions config;
  private final Clock clock;

  PostgresSessionRequestThrottle(Pool pool, ServiceConfig.Sessions config, Clock clock) {
    this.pool = Objects.requireNonNull(pool);
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<Optional<Duration>> fromAddress(String addressKey) {
    return count("a:" + addressKey, config.requestsPerAddressPerMinute());
  }

  @Override
  public Future<Optional<Duration>> forSession(String sessionId) {
    return count("s:" + sessionId, config.requestsPerSessionPerMinute());
  }

  private Future<Optional<Duration>> count(String key, int limit) {
    Instant now = clock.instant();
    return pool.preparedQuery(COUNT).execute(Tuple.of(key, time(now), time(now.minus(WINDOW)))).map(rows -> {
      Row row = rows.iterator().next();
      Instant windowEnd = row.getOffsetDateTime(0).toInstant().plus(WINDOW);
      return row.getInteger(1) > limit && windowEnd.isAfter(now) ? Optional.of(Duration.between(now, windowEnd)) : Optional.empty();
    });
  }

  @Override
  public Future<Void> forgetExpired() {
    return pool.preparedQuery(FORGET_EXPIRED).execute(Tuple.of(time(clock.instant().minus(WINDOW)))).mapEmpty();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
