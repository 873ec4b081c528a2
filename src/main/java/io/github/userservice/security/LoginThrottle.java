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

  /** Failures so far, when the back-off ends, and attempts let through whose outcome is not known yet. */
  private record AccountFailures(int count, Instant blockedUntil, int inFlight) {

    AccountFailures withInFlight(int change) {
      return new AccountFailures(count, blockedUntil, Math.max(0, inFlight + change));
    }
  }

  private record AddressFailures(Instant windowStart, int count) {
  }

  /**
   * The back-off end of an account that is not backing off: long past, whatever the clock says now. ("now" would do,
   * but another thread's now may be a microsecond earlier, and it would find the account blocked.)
   */
  private static final Instant NOT_BLOCKED = Instant.EPOCH;

  /** A refusal for an attempt waiting on the outcome of another: that outcome is milliseconds away. */
  private static final Duration OUTCOME_PENDING = Duration.ofSeconds(1);

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

  /** How long an attempt on this login from this address must wait; empty when it may go ahead now. A query only. */
  public Optional<Duration> retryAfter(String login, String address) {
    Instant now = clock.instant();
    Instant until = now;
    AccountFailures account = accounts.getIfPresent(login);
    if (account != null && account.blockedUntil().isAfter(until)) {
      until = account.blockedUntil();
    }
    AddressFailures from = addresses.getIfPresent(address);
    if (from != null && isCurrent(from, now) && from.count() >= config.addressFailuresPerMinute()) {
      Instant windowEnd = from.windowStart().plus(ADDRESS_WINDOW);
      if (windowEnd.isAfter(until)) {
        until = windowEnd;
      }
    }
    return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
  }

  /**
   * Lets an attempt go ahead, counting it in flight, or says how long it must wait. Once an account is backing off,
   * one guess at a time goes through when its back-off has passed: the others wait for that one's outcome, so that
   * however many guesses an attacker keeps in flight, each back-off lets one through, not one per connection. Before
   * that, attempts are not held back (an owner may well log in many times at once). After {@code begin} let it
   * through, exactly one of {@link #succeeded}, {@link #failed} or {@link #abandoned} must follow.
   */
  public Optional<Duration> begin(String login, String address) {
    Optional<Duration> wait = retryAfter(login, address);
    if (wait.isPresent()) {
      return wait;
    }
    Instant now = clock.instant();
    boolean[] admitted = {false};
    accounts.asMap().compute(login, (key, previous) -> {
      AccountFailures account = previous == null ? new AccountFailures(0, NOT_BLOCKED, 0) : previous;
      boolean backingOff = account.count() >= config.accountBackoffAfterFailures();
      admitted[0] = !account.blockedUntil().isAfter(now) && (!backingOff || account.inFlight() == 0);
      return admitted[0] ? account.withInFlight(1) : account;
    });
    return admitted[0] ? Optional.empty() : Optional.of(OUTCOME_PENDING);
  }

  /** A wrong password or an unknown login: counted against both, and the attempt is no longer in flight. */
  public void failed(String login, String address) {
    Instant now = clock.instant();
    accounts.asMap().compute(login, (key, previous) -> {
      int count = previous == null ? 1 : previous.count() + 1;
      int inFlight = previous == null ? 0 : Math.max(0, previous.inFlight() - 1);
      return new AccountFailures(count, count >= config.accountBackoffAfterFailures() ? now.plus(backoff(count)) : NOT_BLOCKED, inFlight);
    });
    addresses.asMap().compute(address, (key, previous) -> previous == null || !isCurrent(previous, now)
      ? new AddressFailures(now, 1)
      : new AddressFailures(previous.windowStart(), previous.count() + 1));
  }

  /** The right password: the account's failures are forgotten; the address's stay (they may be other accounts'). */
  public void succeeded(String login) {
    accounts.invalidate(login);
  }

  /** An attempt let through that checked nothing (no hasher answered): it counts neither way. */
  public void abandoned(String login) {
    accounts.asMap().computeIfPresent(login, (key, account) -> account.withInFlight(-1));
  }

  /** Entries held in both tables, after pending evictions: what the memory bound applies to. */
  long trackedKeys() {
    accounts.cleanUp();
    addresses.cleanUp();
    return accounts.estimatedSize() + addresses.estimatedSize();
  }

  private static boolean isCurrent(AddressFailures from, Instant now) {
    return now.isBefore(from.windowStart().plus(ADDRESS_WINDOW));
  }

  private Duration backoff(int failures) {
    int doublings = failures - config.accountBackoffAfterFailures();
    long seconds = doublings >= 30 ? Long.MAX_VALUE : 1L << doublings;
    return Duration.ofSeconds(Math.min(seconds, config.accountMaxBackoffSeconds()));
  }
}
