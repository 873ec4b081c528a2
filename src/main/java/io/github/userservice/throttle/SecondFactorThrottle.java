package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts wrong second-factor codes per account, in a row: from the {@code totp.backoffAfterFailures}-th the account
 * backs off (30 s, doubling, up to 15 minutes), and after {@code totp.maxConsecutiveFailures} TOTP codes are refused
 * altogether (NIST SP 800-63B-4: at most 100 consecutive failures) until a right code, which only a recovery code can
 * then be, clears the count. A six-digit code is guessed in a million tries; this keeps an attacker who has the password
 * to about a hundred of them in total.
 *
 * <p>Checking a code costs nothing, so however many arrive at once they must not all be checked before the first
 * failure is counted: each attempt is counted as a failure as it is admitted ({@link #attempt}), and a right code
 * clears the count ({@link #succeeded}). In memory beside SQLite's one store node, in PostgreSQL when several share it.
 */
public interface SecondFactorThrottle {

  /** What became of an attempt. */
  sealed interface Admission {
  }

  /** Go ahead: the attempt is counted as a failure until {@link #succeeded} says otherwise. */
  record Admitted() implements Admission {
  }

  /** The account is backing off: try again after this. Nothing was counted. */
  record Wait(Duration duration) implements Admission {
  }

  /** Too many wrong codes in a row: TOTP codes are refused until a recovery code is accepted. */
  record Locked() implements Admission {
  }

  static SecondFactorThrottle of(ServiceConfig.Totp totp, int maxTrackedKeys, Optional<Pool> sharedDatabase, Clock clock) {
    return sharedDatabase.<SecondFactorThrottle>map(pool -> new PostgresSecondFactorThrottle(pool, totp, clock))
      .orElseGet(() -> new LocalSecondFactorThrottle(totp, maxTrackedKeys, clock));
  }

  /**
   * Admits an attempt on this account, counted in advance as a failure, or says why not.
   *
   * @param recoveryCode whether the attempt is a recovery code, which stays admitted past the cap on consecutive
   *                     failures (a recovery code is 120 random bits: nobody guesses one), so a locked account can be
   *                     opened by its owner
   */
  Future<Admission> attempt(String login, boolean recoveryCode);

  /** A right code: the account's count is cleared. */
  Future<Void> succeeded(String login);
}
