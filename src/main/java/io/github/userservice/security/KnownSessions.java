package io.github.userservice.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.SessionClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the sessions that Bearer requests name are live, remembered for a short while like {@link KnownUsers}, so
 * that most token checks need no round trip to the store. A session that ends before its time (a logout, a
 * revocation, a reuse) is forgotten at once: directly by the route that ended it, and through the store's
 * {@code sessions.ended} announcement on every edge; the time limit bounds a missed announcement, and an edge that
 * started after it asks the store anyway. A session that ended is remembered as ended: it never comes back.
 *
 * <p>Why a check per session rather than a list of ended ones kept for the access tokens' lifetime: the store is the
 * one that knows, so an edge that missed an announcement, or started after it, still refuses the token within
 * {@link #rememberFor}; the price is one cheap question per session per edge per {@link #rememberFor}. Bounded;
 * thread-safe; one per process.
 */
public final class KnownSessions {

  private final AsyncCache<String, Optional<String>> sessions;
  private final Duration rememberFor;

  public KnownSessions(Duration rememberFor, long maximumSize) {
    this.rememberFor = rememberFor;
    this.sessions = Caffeine.newBuilder().expireAfterWrite(rememberFor).maximumSize(maximumSize).buildAsync();
  }

  /** The login of the session when it is live; empty when it ended or never was; a failed future when the store did not answer. */
  public Future<Optional<String>> liveLogin(String sessionId, SessionClient store) {
    return Future.fromCompletionStage(
      sessions.get(sessionId, (key, executor) -> store.liveLogin(key).map(Optional::ofNullable).toCompletionStage().toCompletableFuture()),
      Vertx.currentContext());
  }

  public void forget(String sessionId) {
    sessions.synchronous().invalidate(sessionId);
  }

  /** How long a session's liveness is believed without asking again. */
  public Duration rememberFor() {
    return rememberFor;
  }
}
