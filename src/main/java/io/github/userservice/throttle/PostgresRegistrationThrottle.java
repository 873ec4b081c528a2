package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RegistrationThrottle} that several store nodes share, in PostgreSQL: one row per address with the times of
 * its attempts in the last hour. An attempt is counted by one statement that holds the row's lock, so two nodes never
 * let the same address past its limit together.
 */
final class PostgresRegistrationThrottle implements RegistrationThrottle {

  /** Adds the attempt when fewer than the limit are recent; returns a row only then. */
  private static final String COUNT_ATTEMPT = """
    INSERT INTO registration_attempts (address, attempts) VALUES ($1, ARRAY[$2::timestamptz])
    ON CONFLICT (address) DO UPDATE SET attempts =
      array(SELECT a FROM unnest(registration_attempts.attempts) a WHERE a > $3 ORDER BY a) || $2::timestamptz
    WHERE (SELECT count(*) FROM unnest(registration_attempts.attempts) a WHERE a > $3) < $4
    RETURNING 1""";
  private static final String OLDEST_RECENT = """
    SELECT min(a) FROM registration_attempts, unnest(attempts) a WHERE address = $1 AND a > $2""";
  private static final String FORGET_EXPIRED = """
    DELETE FROM registration_attempts WHERE address IN (
      SELECT address FROM registration_attempts WHERE attempts[cardinality(attempts)] <= $1 LIMIT 1000)""";

  private final Pool pool;
  private final int limit;
  private final Clock clock;

  PostgresRegistrationThrottle(Pool pool, ServiceConfig.Throttle config, Clock clock) {
    this(pool, config.registrationsPerAddressPerHour(), clock);
  }

  PostgresRegistrationThrottle(Pool pool, int limit, Clock clock) {
    this.pool = Objects.requireNonNull(pool);
    this.limit = limit;
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<Optional<Duration>> attempt(String address) {
    Instant now = clock.instant();
    OffsetDateTime windowStart = time(now.minus(WINDOW));
    return pool.preparedQuery(COUNT_ATTEMPT).execute(Tuple.of(address, time(now), windowStart, limit))
      .compose(counted -> counted.rowCount() == 1
        ? Future.succeededFuture(Optional.<Duration>empty())
        : pool.preparedQuery(OLDEST_RECENT).execute(Tuple.of(address, windowStart)).map(rows -> {
          OffsetDateTime oldest = rows.iterator().next().getOffsetDateTime(0);
          Instant freed = oldest == null ? now : oldest.toInstant().plus(WINDOW);
          return Optional.of(freed.isAfter(now) ? Duration.between(now, freed) : Duration.ofSeconds(1));
        }));
  }

  @Override
  public Future<Void> forgetExpired() {
    return pool.preparedQuery(FORGET_EXPIRED).execute(Tuple.of(time(clock.instant().minus(WINDOW)))).mapEmpty();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
