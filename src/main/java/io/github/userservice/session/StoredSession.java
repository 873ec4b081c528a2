package io.github.userservice.session;

import io.github.userservice.bus.UserRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A session as the store keeps it, with its user as it is now. Holds no token: the refresh token of its current
 * generation is made again from the key whenever it is needed.
 *
 * @param generation  the generation of the one refresh token that moves the session on
 * @param refreshedAt when the current generation was issued: the start, or the last refresh
 * @param expiresAt   the session's maximum age, whatever its refreshes
 */
record StoredSession(String id, UserRecord user, long generation, List<String> amr, Instant createdAt, Instant refreshedAt, Instant expiresAt) {

  /** Live: not past its maximum age, and used within {@code idle}. */
  boolean liveAt(Instant now, Duration idle) {
    return now.isBefore(expiresAt) && now.isBefore(refreshedAt.plus(idle));
  }

  /** Seconds until its refresh token stops working: the idle limit or the maximum age, whichever comes first. */
  long refreshExpiresIn(Instant now, Duration idle) {
    Instant idleEnd = refreshedAt.plus(idle);
    Instant end = idleEnd.isBefore(expiresAt) ? idleEnd : expiresAt;
    return Math.max(0, Duration.between(now, end).toSeconds());
  }

  String login() {
    return user.account().login();
  }
}
