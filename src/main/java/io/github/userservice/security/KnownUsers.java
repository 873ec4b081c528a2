package io.github.userservice.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * The users that Bearer requests name, with their credential versions (and whether their second factor is on, which
 * {@code GET /user/{login}} shows), remembered for a short while so that most token checks need no round trip to the
 * store. A password change, a second factor turned on or off, or a deletion makes the user forgotten at once:
 * directly by the route that made it, and through the store's {@code users.changed} announcement for changes made
 * elsewhere (another node, another service on the bus); the time limit only bounds a missed announcement.
 *
 * <p>What is remembered is the lookup itself, from the moment it is sent: requests that ask meanwhile share it, and
 * forgetting the user drops the lookup too, so an answer the store gave before a change is never remembered after
 * the change, however late it arrives. Bounded; thread-safe; one per process.
 */
public final class KnownUsers {

  private final AsyncCache<String, UserRecord> users;

  public KnownUsers(Duration rememberFor, long maximumSize) {
    this.users = Caffeine.newBuilder().expireAfterWrite(rememberFor).maximumSize(maximumSize).buildAsync();
  }

  /** The user as the store knows it, or a failed future ({@code NOT_FOUND}, or the store's trouble), never remembered. */
  public Future<UserRecord> find(String login, UserStoreClient store) {
    return Future.fromCompletionStage(
      users.get(login, (key, executor) -> store.find(key).toCompletionStage().toCompletableFuture()),
      Vertx.currentContext());
  }

  public void forget(String login) {
    users.synchronous().invalidate(login);
  }
}
