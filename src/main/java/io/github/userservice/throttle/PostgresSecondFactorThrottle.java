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

/**
 * The {@link SecondFactorThrottle} that several store nodes share, in PostgreSQL: one row per account with a wrong code
 * in a row, its count and the end of its back-off. An attempt is admitted and counted by one statement, which holds the
 * row's lock: two nodes never admit more attempts than the count allows between them.
 */
final class PostgresSecondFactorThrottle implements SecondFactorThrottle {

  /**
   * Counts the attempt unless the account is backing off or, for a TOTP code, past the cap; the new back-off end is
   * computed from the new count, as {@link ServiceConfig.Totp#backoff} does (30 s, doubling, up to 15 minutes).
   * $1 login, $2 now, $3 back-off after, $4 cap, $5 whether past the cap is allowed, $6 the back-off end of a first
   * failure, $7 the first back-off and $8 the longest, in seconds.
   */
  private static final String ATTEMPT = """
    INSERT INTO second_factor_failures AS f (login, failures, blocked_until) VALUES ($1, 1, $6)
    ON CONFLICT (login) DO UPDATE SET
      failures = f.failures + 1,
      blocked_until = CASE WHEN f.failures + 1 >= $3
        THEN $2 + make_interval(secs => least($7 * power(2, least(f.failures + 1 - $3, 20)), $8))
        ELSE f.blocked_until END
    WHERE f.blocked_until <= $2 AND (f.failures < $4 OR $5)
    RETURNING failures""";
  private static final String STATE = "SELECT failures, blocked_until FROM second_factor_failures WHERE login = $1";
  private static final String FORGET = "DELETE FROM second_factor_failures WHERE login = $1";

  private final Pool pool;
  private final ServiceConfig.Totp config;
  private final Clock clock;

  PostgresSecondFactorThrottle(Pool pool, ServiceConfig.Totp config, Clock clock) {
    this.pool = Objects.requireNonNull(pool);
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<Admission> attempt(String login, boolean recoveryCode) {
    Instant now = clock.instant();
    Duration first = config.backoff(1);
    Tuple parameters = Tuple.of(login, time(now), config.backoffAfterFailures(), config.maxConsecutiveFailures(), recoveryCode)
      .addValue(time(first.isZero() ? Instant.EPOCH : now.plus(first)))
      .addValue(ServiceConfig.Totp.FIRST_BACKOFF.toSeconds())
      .addValue(ServiceConfig.Totp.MAX_BACKOFF.toSeconds());
    return pool.preparedQuery(ATTEMPT).execute(parameters).compose(counted -> counted.rowCount() == 1
      ? Future.succeededFuture(new Admitted())
      : pool.preparedQuery(STATE).execute(Tuple.of(login)).map(rows -> refusal(rows.iterator().next(), now, recoveryCode)));
  }

  private Admission refusal(Row state, Instant now, boolean recoveryCode) {
    Instant blockedUntil = state.getOffsetDateTime(1).toInstant();
    if (blockedUntil.isAfter(now)) {
      return new Wait(Duration.between(now, blockedUntil));
    }
    // the back-off ended between the two statements: ask again in a second
    return state.getInteger(0) >= config.maxConsecutiveFailures() && !recoveryCode ? new Locked() : new Wait(Duration.ofSeconds(1));
  }

  @Override
  public Future<Void> succeeded(String login) {
    return pool.preparedQuery(FORGET).execute(Tuple.of(login)).mapEmpty();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
