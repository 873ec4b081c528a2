package io.github.userservice.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.config.ServiceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address, and says how long a new attempt must wait (OWASP
 * Authentication Cheat Sheet, NIST SP 800-63B rate limiting). An account backs off exponentially from its n-th
 * failure: 1 s, 2 s, 4 s ... up to a maximum, and never locks for good, so nobody can lock a victim out. An address
 * gets a fixed number of failures per minute. Accounts are keyed by canonical login whether or not they exist, so a
 * throttled answer tells nothing about who is registered. A success clears the account's counter.
 *
 * <p>Memory is bounded: each table keeps at most {@code maxTrackedKeys} entries in Caffeine caches, whose
 * frequency-based admission keeps hot entries (a victim under attack) when an attacker floods them with
 * one-off logins or addresses. Thread-safe; one instance serves all event loops of the process.
 */
public final class LoginThrottle {

  private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(1);

  private record AccountFailures(int count, Instant blockedUntil) {
  }

  private record AddressFailures(Instant windowStart, int count) {
  }

  private final ServiceConfig.Throttle config;
  private final Clock clock;
  private final Cache<String, AccountFailures> accounts;
  private final Cache<String, AddressFailures> addresses;

  public LoginThrottle(ServiceConfig.Throttle config, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
    Duration accountMemory = Duration.ofMinutes(config.accountWindowMinutes());
    if (accountMemory.getSeconds() < config.accountMaxBackoffSeconds()) {
      accountMemory = Duration.ofSeconds(config.accountMaxBackoffSeconds());
    }
    this.accounts = Caffeine.newBuilder()
      .maximumSize(config.maxTrackedKeys())
      .expireAfterWrite(accountMemory)
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
    this.addresses = Caffeine.newBuilder()
      .maximumSize(config.maxTrackedKeys())
      .expireAfterWrite(ADDRESS_WINDOW)
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
  }

  /** How long an attempt on this login from this address must wait; empty when it may go ahead now. */
  public Optional<Duration> retryAfter(String login, String address) {
    Instant now = clock.instant();
    Instant until = now;
    AccountFailures account = accounts.getIfPresent(login);
    if (account != null && account.blockedUntil().isAfter(until)) {
      until = account.blockedUntil();
    }
    AddressFailures from = addresses.getIfPresent(address);
    if (from != null && from.count() >= config.addressFailuresPerMinute()) {
      Instant windowEnd = from.windowStart().plus(ADDRESS_WINDOW);
      if (windowEnd.isAfter(until)) {
        until = windowEnd;
      }
    }
    return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
  }

  public void failed(String login, String address) {
    Instant now = clock.instant();
    accounts.asMap().compute(login, (key, previous) -> {
      int count = previous == null ? 1 : previous.count() + 1;
      return new AccountFailures(count, count >= config.accountBackoffAfterFailures() ? now.plus(backoff(count)) : now);
    });
    addresses.asMap().compute(address, (key, previous) ->
      previous == null || !now.isBefore(previous.windowStart().plus(ADDRESS_WINDOW))
        ? new AddressFailures(now, 1)
        : new AddressFailures(previous.windowStart(), previous.count() + 1));
  }

  public void succeeded(String login) {
    accounts.invalidate(login);
  }

  /** Entries held in both tables, after pending evictions: what the memory bound applies to. */
  long trackedKeys() {
    accounts.cleanUp();
    addresses.cleanUp();
    return accounts.estimatedSize() + addresses.estimatedSize();
  }

  private Duration backoff(int failures) {
    int doublings = failures - config.accountBackoffAfterFailures();
    long seconds = doublings >= 30 ? Long.MAX_VALUE : 1L << doublings;
    return Duration.ofSeconds(Math.min(seconds, config.accountMaxBackoffSeconds()));
  }
}
