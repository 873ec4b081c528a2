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
 * The {@link LoginThrottle} of a single store node, in memory: SQLite allows one store node, so its throttle is
 * whole in that node, and costs no I/O. Lost on restart, as a rate limit may be.
 *
 * <p>Memory is bounded: each table keeps at most {@code maxTrackedKeys} entries in Caffeine caches, whose
 * frequency-based admission keeps hot entries (a victim under attack) when an attacker floods them with
 * one-off logins or addresses. Thread-safe; one instance serves all store instances of the process.
 */
final class LocalLoginThrottle implements LoginThrottle {

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

  LocalLoginThrottle(ServiceConfig.Throttle config, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
    this.accounts = Caffeine.newBuilder()
      .maximumSize(config.maxTrackedKeys())
      .expireAfterWrite(config.accountMemory())
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
    this.addresses = Caffeine.newBuilder()
      .maximumSize(config.maxTrackedKeys())
      .expireAfterWrite(ADDRESS_WINDOW)
      .ticker(() -> clock.millis() * 1_000_000)
      .build();
  }

  @Override
  public Future<Optional<Duration>> retryAfter(String login, String address) {
    return Future.succeededFuture(wait(login, address));
  }

  private Optional<Duration> wait(String login, String address) {
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

  @Override
  public Future<Optional<Duration>> begin(String login, String address) {
    Optional<Duration> wait = wait(login, address);
    if (wait.isPresent()) {
      return Future.succeededFuture(wait);
    }
    Instant now = clock.instant();
    boolean[] admitted = {false};
    accounts.asMap().compute(login, (key, previous) -> {
      AccountFailures account = previous == null ? new AccountFailures(0, NOT_BLOCKED, 0) : previous;
      boolean backingOff = account.count() >= config.accountBackoffAfterFailures();
      admitted[0] = !account.blockedUntil().isAfter(now) && (!backingOff || account.inFlight() == 0);
      return admitted[0] ? account.withInFlight(1) : account;
    });
    return Future.succeededFuture(admitted[0] ? Optional.empty() : Optional.of(OUTCOME_PENDING));
  }

  @Override
  public Future<Void> failed(String login, String address) {
    Instant now = clock.instant();
    accounts.asMap().compute(login, (key, previous) -> {
      int count = previous == null ? 1 : previous.count() + 1;
      int inFlight = previous == null ? 0 : Math.max(0, previous.inFlight() - 1);
      return new AccountFailures(count, count >= config.accountBackoffAfterFailures() ? now.plus(config.backoff(count)) : NOT_BLOCKED, inFlight);
    });
    addresses.asMap().compute(address, (key, previous) -> previous == null || !isCurrent(previous, now)
      ? new AddressFailures(now, 1)
      : new AddressFailures(previous.windowStart(), previous.count() + 1));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> succeeded(String login) {
    accounts.invalidate(login);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> abandoned(String login) {
    accounts.asMap().computeIfPresent(login, (key, account) -> account.withInFlight(-1));
    return Future.succeededFuture();
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
}
