package io.github.userservice.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@link SecondFactorThrottle} of SQLite's one store node, in memory: per account its wrong codes in a row and the
 * end of its back-off, in a Caffeine cache of at most {@code throttle.maxTrackedKeys} accounts. The counts are not
 * forgotten with time (they are consecutive failures, cleared by a success), only when the cache is full, and on a
 * restart. Thread-safe.
 */
final class LocalSecondFactorThrottle implements SecondFactorThrottle {

  private record Failures(int count, Instant blockedUntil) {
  }

  private final ServiceConfig.Totp config;
  private final Clock clock;
  private final Cache<String, Failures> accounts;

  LocalSecondFactorThrottle(ServiceConfig.Totp config, int maxTrackedKeys, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
    this.accounts = Caffeine.newBuilder().maximumSize(maxTrackedKeys).build();
  }

  @Override
  public Future<Admission> attempt(String login, boolean recoveryCode) {
    Instant now = clock.instant();
    Admission[] admission = new Admission[1];
    accounts.asMap().compute(login, (key, previous) -> {
      Failures failures = previous == null ? new Failures(0, Instant.EPOCH) : previous;
      if (failures.blockedUntil().isAfter(now)) {
        admission[0] = new Wait(Duration.between(now, failures.blockedUntil()));
        return failures;
      }
      if (failures.count() >= config.maxConsecutiveFailures() && !recoveryCode) {
        admission[0] = new Locked();
        return failures;
      }
      admission[0] = new Admitted();
      int count = failures.count() + 1;
      Duration backoff = config.backoff(count);
      return new Failures(count, backoff.isZero() ? failures.blockedUntil() : now.plus(backoff));
    });
    return Future.succeededFuture(admission[0]);
  }

  @Override
  public Future<Void> succeeded(String login) {
    accounts.invalidate(login);
    return Future.succeededFuture();
  }
}
