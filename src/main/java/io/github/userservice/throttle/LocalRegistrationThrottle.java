package io.github.userservice.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RegistrationThrottle} of SQLite's one store node, in memory: per address the times of its attempts in
 * the last hour, at most the limit of them. Bounded by {@code maxTrackedKeys} addresses (Caffeine keeps the busy
 * ones); lost on restart, as a rate limit may be. Thread-safe.
 */
final class LocalRegistrationThrottle implements RegistrationThrottle {

  private final int limit;
  private final Clock clock;
  private final Cache<String, Deque<Instant>> attempts;

  LocalRegistrationThrottle(ServiceConfig.Throttle config, Clock clock) {
    this(config.registrationsPerAddressPerHour(), config.maxTrackedKeys(), clock);
  }

  LocalRegistrationThrottle(int limit, int maxTrackedKeys, Clock clock) {
    this.limit = limit;
    this.clock = Objects.requireNonNull(clock);
    this.attempts = Caffeine.newBuilder()
      .maximumSize(maxTrackedKeys)
      .expireAfterWrite(WINDOW)
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
  }

  @Override
  public Future<Optional<Duration>> attempt(String address) {
    Instant now = clock.instant();
    Duration[] wait = {null};
    attempts.asMap().compute(address, (key, previous) -> {
      Deque<Instant> recent = previous == null ? new ArrayDeque<>() : previous;
      while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
        recent.pollFirst();
      }
      if (recent.size() >= limit) {
        wait[0] = Duration.between(now, recent.peekFirst().plus(WINDOW));
      } else {
        recent.addLast(now);
      }
      return recent;
    });
    return Future.succeededFuture(Optional.ofNullable(wait[0]));
  }
}
