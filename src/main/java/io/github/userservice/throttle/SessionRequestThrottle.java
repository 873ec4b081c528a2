package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits the requests that use a session without any password hash to slow them: refreshes, logouts and second-factor
 * steps, per client address ({@code sessions.requestsPerAddressPerMinute}, keyed as {@link AddressKey} keys it) and per
 * session ({@code sessions.requestsPerSessionPerMinute}), each in a fixed minute. A login costs an Argon2 hash and is
 * throttled by its failures; these cost a few statements each, so it is their number that is held back. Every request
 * counts, answered or not. One for the whole store: in memory beside SQLite's one store node, in PostgreSQL when several
 * share it.
 */
public interface SessionRequestThrottle {

  Duration WINDOW = Duration.ofMinutes(1);

  /** In the database the store nodes share, when they share one; else in this node's memory. */
  static SessionRequestThrottle of(ServiceConfig.Sessions sessions, int maxTrackedKeys, Optional<Pool> sharedDatabase, Clock clock) {
    return sharedDatabase.<SessionRequestThrottle>map(pool -> new PostgresSessionRequestThrottle(pool, sessions, clock))
      .orElseGet(() -> new LocalSessionRequestThrottle(sessions, maxTrackedKeys, clock));
  }

  /** Counts a request from this address; empty when it may go ahead, else how long until its minute is over. */
  Future<Optional<Duration>> fromAddress(String addressKey);

  /** Counts a request for this session; empty when it may go ahead, else how long until its minute is over. */
  Future<Optional<Duration>> forSession(String sessionId);

  /** Drops the counts of minutes past; call it now and then (caches in memory do it themselves). */
  default Future<Void> forgetExpired() {
    return Future.succeededFuture();
  }
}
