package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts registration attempts per client address in a sliding hour, and refuses the ones past
 * {@code throttle.registrationsPerAddressPerHour}: each sign-up costs a full Argon2 hash and a row, so one address must
 * not fill the store and the hashers. Every attempt the store sees counts, whatever becomes of it (a taken login, a
 * weak password), so that a refusal tells nothing about which logins exist; refused attempts do not count. Addresses
 * are the ones {@link AddressKey} makes, so that a host cannot escape by rotating through its IPv6 /64.
 */
public interface RegistrationThrottle {

  Duration WINDOW = Duration.ofHours(1);

  /**
   * The throttle of a store node: in the database the store nodes share, when they share one (PostgreSQL); else in
   * this node's memory. With a limit of 0, none.
   */
  static RegistrationThrottle of(ServiceConfig.Throttle config, Optional<Pool> sharedDatabase, Clock clock) {
    return perHour("", config.registrationsPerAddressPerHour(), config.maxTrackedKeys(), sharedDatabase, clock);
  }

  /**
   * The same kind of limit for password reset requests, {@code throttle.passwordResetsPerAddressPerHour}, counted
   * apart from the registrations (in the same table on PostgreSQL, under keys of their own).
   */
  static RegistrationThrottle ofPasswordResets(ServiceConfig.Throttle config, Optional<Pool> sharedDatabase, Clock clock) {
    return perHour("password-reset ", config.passwordResetsPerAddressPerHour(), config.maxTrackedKeys(), sharedDatabase, clock);
  }

  private static RegistrationThrottle perHour(String scope, int limit, int maxTrackedKeys, Optional<Pool> sharedDatabase, Clock clock) {
    if (limit == 0) {
      return address -> Future.succeededFuture(Optional.empty());
    }
    RegistrationThrottle counter = sharedDatabase.<RegistrationThrottle>map(pool -> new PostgresRegistrationThrottle(pool, limit, clock))
      .orElseGet(() -> new LocalRegistrationThrottle(limit, maxTrackedKeys, clock));
    if (scope.isEmpty()) {
      return counter;
    }
    return new RegistrationThrottle() {
      @Override
      public Future<Optional<Duration>> attempt(String address) {
        return counter.attempt(scope + address);
      }

      @Override
      public Future<Void> forgetExpired() {
        return counter.forgetExpired();
      }
    };
  }

  /**
   * Counts an attempt from this address and lets it go ahead (empty), or says how long it must wait, until its oldest
   * attempt of the last hour leaves the window, without counting it.
   *
   * @param address the client's address as {@link AddressKey#of} keys it
   */
  Future<Optional<Duration>> attempt(String address);

  /** Drops what no longer holds anybody back; call it now and then (caches in memory do it themselves). */
  default Future<Void> forgetExpired() {
    return Future.succeededFuture();
  }
}
