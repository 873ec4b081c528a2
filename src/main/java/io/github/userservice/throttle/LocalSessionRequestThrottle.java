package io.github.userservice.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SessionRequestThrottle} of SQLite's one store node: a count per address and per session in the current
 * minute, in Caffeine caches of at most {@code throttle.maxTrackedKeys} entries each. Thread-safe.
 */
final class LocalSessionRequestThrottle implements SessionRequestThrottle {

  private record Window(Instant start, int requests) {
  }

  private final ServiceConfig.Sessions config;
  private final Clock clock;
  private final Cache<String, Window> addresses;
  private final Cache<String, Window> sessions;

  LocalSessionRequestThrottle(ServiceConfig.Sessions config, int maxTrackedKeys, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
    this.addresses = cache(maxTrackedKeys, clock);
    this.sessions = cache(maxTrackedKeys, clock);
  }

  @Override
  public Future<Optional<Duration>> fromAddress(String addressKey) {
    return Future.succeededFuture(count(addresses, addressKey, config.requestsPerAddressPerMinute()));
  }

  @Override
  public Future<Optional<Duration>> forSession(String sessionId) {
    return Future.succeededFuture(count(sessions, sessionId, config.requestsPerSessionPerMinute()));
  }

  private Optional<Duration> count(Cache<String, Window> windows, String key, int limit) {
    Instant now = clock.instant();
    Window counted = windows.asMap().compute(key, (k, previous) -> previous == null || !previous.start().plus(WINDOW).isAfter(now)
      ? new Window(now, 1)
      : new Window(previous.start(), previous.requests() + 1));
    return counted.requests() > limit ? Optional.of(Duration.between(now, counted.start().plus(WINDOW))) : Optional.empty();
  }

  private static Cache<String, Window> cache(int maxTrackedKeys, Clock clock) {
    return Caffeine.newBuilder()
      .maximumSize(maxTrackedKeys)
      .expireAfterWrite(WINDOW)
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
  }
}
