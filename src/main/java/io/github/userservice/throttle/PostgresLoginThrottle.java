package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.throttle.LoginThrottle;
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
 * The {@link LoginThrottle} that several store nodes share, kept in PostgreSQL: 1000 guesses spread over any number of
 * nodes count as 1000 guesses. Every change is one atomic statement, so nodes never lose each other's counts.
 *
 * <p>The one guess at a time let through once an account backs off is a lease ({@code attempt_until}) rather than a
 * count in flight: a node that dies with a guess in flight frees the account when the lease runs out instead of
 * holding it back for good. Times come from the nodes' clocks (kept by NTP), as for the local throttle.
 */
final class PostgresLoginThrottle implements LoginThrottle {

  /** Longer than a verification may take (queue budget, hash, and a retry on another hasher). */
  private static final Duration ATTEMPT_LEASE = Duration.ofSeconds(30);
  private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(1);
  private static final Duration OUTCOME_PENDING = Duration.ofSeconds(1);
  private static final OffsetDateTime NOT_BLOCKED = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);

  private static final String STATE = """
    SELECT (SELECT failures FROM login_failures WHERE login = $1 AND expires_at > $3),
           (SELECT blocked_until FROM login_failures WHERE login = $1 AND expires_at > $3),
           (SELECT window_start FROM address_failures WHERE address = $2 AND window_start > $4 AND failures >= $5)""";
  private static final String TAKE_LEASE = """
    UPDATE login_failures SET attempt_until = $2 WHERE login = $1 AND attempt_until <= $3 AND blocked_until <= $3""";
  private static final String COUNT_ACCOUNT_FAILURE = """
    INSERT INTO login_failures (login, failures, blocked_until, attempt_until, expires_at) VALUES ($1, 1, $3, $3, $4)
    ON CONFLICT (login) DO UPDATE SET
      failures = CASE WHEN login_failures.expires_at > $2 THEN login_failures.failures + 1 ELSE 1 END,
      attempt_until = $3, expires_at = $4
    RETURNING failures""";
  private static final String BLOCK_ACCOUNT = "UPDATE login_failures SET blocked_until = greatest(blocked_until, $2) WHERE login = $1";
  private static final String COUNT_ADDRESS_FAILURE = """
    INSERT INTO address_failures (address, window_start, failures) VALUES ($1, $2, 1)
    ON CONFLICT (address) DO UPDATE SET
      window_start = CASE WHEN address_failures.window_start > $3 THEN address_failures.window_start ELSE $2 END,
      failures = CASE WHEN address_failures.window_start > $3 THEN address_failures.failures + 1 ELSE 1 END""";
  private static final String FORGET_ACCOUNT = "DELETE FROM login_failures WHERE login = $1";
  private static final String RELEASE_LEASE = "UPDATE login_failures SET attempt_until = $2 WHERE login = $1";
  private static final String FORGET_EXPIRED_ACCOUNTS = "DELETE FROM login_failures WHERE expires_at <= $1";
  private static final String FORGET_EXPIRED_ADDRESSES = "DELETE FROM address_failures WHERE window_start <= $1";

  private final Pool pool;
  private final ServiceConfig.Throttle config;
  private final Clock clock;

  PostgresLoginThrottle(Pool pool, ServiceConfig.Throttle config, Clock clock) {
    this.pool = Objects.requireNonNull(pool);
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<Optional<Duration>> retryAfter(String login, String address) {
    Instant now = clock.instant();
    return state(login, address, now).map(state -> state.wait(now));
  }

  @Override
  public Future<Optional<Duration>> begin(String login, String address) {
    Instant now = clock.instant();
    return state(login, address, now).compose(state -> {
      Optional<Duration> wait = state.wait(now);
      if (wait.isPresent() || state.failures() < config.accountBackoffAfterFailures()) {
        return Future.succeededFuture(wait);
      }
      return pool.preparedQuery(TAKE_LEASE).execute(Tuple.of(login, time(now.plus(ATTEMPT_LEASE)), time(now)))
        .map(rows -> rows.rowCount() == 1 ? Optional.<Duration>empty() : Optional.of(OUTCOME_PENDING));
    });
  }

  @Override
  public Future<Void> failed(String login, String address) {
    Instant now = clock.instant();
    Future<Void> account = pool.preparedQuery(COUNT_ACCOUNT_FAILURE)
      .execute(Tuple.of(login, time(now), NOT_BLOCKED, time(now.plus(config.accountMemory()))))
      .compose(rows -> {
        Duration backoff = config.backoff(rows.iterator().next().getInteger(0));
        return backoff.isZero()
          ? Future.succeededFuture()
          : pool.preparedQuery(BLOCK_ACCOUNT).execute(Tuple.of(login, time(now.plus(backoff)))).mapEmpty();
      });
    Future<Void> from = pool.preparedQuery(COUNT_ADDRESS_FAILURE)
      .execute(Tuple.of(address, time(now), time(now.minus(ADDRESS_WINDOW)))).mapEmpty();
    return Future.all(account, from).mapEmpty();
  }

  @Override
  public Future<Void> succeeded(String login) {
    return pool.preparedQuery(FORGET_ACCOUNT).execute(Tuple.of(login)).mapEmpty();
  }

  @Override
  public Future<Void> abandoned(String login) {
    return pool.preparedQuery(RELEASE_LEASE).execute(Tuple.of(login, NOT_BLOCKED)).mapEmpty();
  }

  @Override
  public Future<Void> forgetExpired() {
    Instant now = clock.instant();
    return pool.preparedQuery(FORGET_EXPIRED_ACCOUNTS).execute(Tuple.of(time(now)))
      .compose(accounts -> pool.preparedQuery(FORGET_EXPIRED_ADDRESSES).execute(Tuple.of(time(now.minus(ADDRESS_WINDOW)))))
      .mapEmpty();
  }

  private Future<State> state(String login, String address, Instant now) {
    return pool.preparedQuery(STATE)
      .execute(Tuple.of(login, address, time(now), time(now.minus(ADDRESS_WINDOW)), config.addressFailuresPerMinute()))
      .map(rows -> State.of(rows.iterator().next()));
  }

  /** An account's failures and back-off end, and when the address's full window started (null: not full). */
  private record State(int failures, Instant blockedUntil, Instant fullWindowStart) {

    static State of(Row row) {
      Integer failures = row.getInteger(0);
      OffsetDateTime blocked = row.getOffsetDateTime(1);
      OffsetDateTime window = row.getOffsetDateTime(2);
      return new State(failures == null ? 0 : failures, blocked == null ? Instant.EPOCH : blocked.toInstant(),
        window == null ? null : window.toInstant());
    }

    Optional<Duration> wait(Instant now) {
      Instant until = blockedUntil;
      if (fullWindowStart != null && fullWindowStart.plus(ADDRESS_WINDOW).isAfter(until)) {
        until = fullWindowStart.plus(ADDRESS_WINDOW);
      }
      return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
