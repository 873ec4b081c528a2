package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address, and says how long a new attempt must wait (OWASP
 * Authentication Cheat Sheet, NIST SP 800-63B rate limiting). An account backs off exponentially from its n-th
 * failure: 1 s, 2 s, 4 s ... up to a maximum, and never locks for good, so nobody can lock a victim out. An address
 * gets a fixed number of failures per minute. Accounts are keyed by canonical login whether or not they exist, so a
 * throttled answer tells nothing about who is registered. A success clears the account's counter.
 *
 * <p>Once an account is backing off, one guess at a time goes through when its back-off has passed: the others wait
 * for that one's outcome, so that however many guesses an attacker keeps in flight, each back-off lets one through,
 * not one per connection. Before that, attempts are not held back (an owner may well log in many times at once).
 *
 * <p>One throttle serves every store node: in memory beside SQLite's one store node ({@link LocalLoginThrottle}),
 * in PostgreSQL when several store nodes share it.
 */
public interface LoginThrottle {

  /**
   * The throttle of a store node: in the database that the store nodes share, when they share one (PostgreSQL);
   * else in this node's memory, where SQLite's one store node has all the counts.
   *
   * @param sharedDatabase the store's pool for shared state, when it has one
   */
  static LoginThrottle of(ServiceConfig.Throttle config, Optional<Pool> sharedDatabase, Clock clock) {
    return sharedDatabase.<LoginThrottle>map(pool -> new PostgresLoginThrottle(pool, config, clock))
      .orElseGet(() -> new LocalLoginThrottle(config, clock));
  }

  /** How long an attempt on this login from this address must wait; empty when it may go ahead now. A query only. */
  Future<Optional<Duration>> retryAfter(String login, String address);

  /**
   * Lets an attempt go ahead, or says how long it must wait. After {@code begin} let it through, exactly one of
   * {@link #succeeded}, {@link #failed} or {@link #abandoned} must follow.
   */
  Future<Optional<Duration>> begin(String login, String address);

  /** A wrong password or an unknown login: counted against both, and the attempt is no longer in flight. */
  Future<Void> failed(String login, String address);

  /** The right password: the account's failures are forgotten; the address's stay (they may be other accounts'). */
  Future<Void> succeeded(String login);

  /** An attempt let through that checked nothing (no hasher answered): it counts neither way. */
  Future<Void> abandoned(String login);

  /** Drops the counts that no longer hold anybody back; call it now and then (caches in memory do it themselves). */
  default Future<Void> forgetExpired() {
    return Future.succeededFuture();
  }
}
