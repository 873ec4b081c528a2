package io.github.userservice.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * The users that Bearer requests name, with their credential versions, remembered for a short while so that most
 * token checks need no round trip to the store. A password change or a deletion makes the user forgotten at once:
 * directly by the route that made it, and through the store's {@code users.changed} announcement for changes made
 * elsewhere (another node, another service on the bus); the time limit only bounds a missed announcement.
 * Bounded; thread-safe; one per process.
 */
public final class KnownUsers {

  private final Cache<String, UserRecord> users;

  public KnownUsers(Duration rememberFor, long maximumSize) {
    this.users = Caffeine.newBuilder().expireAfterWrite(rememberFor).maximumSize(maximumSize).build();
  }

  /** The user as the store knows it, or a failed future ({@code NOT_FOUND}, or the store's trouble). */
  Future<UserRecord> find(String login, UserStoreClient store) {
    UserRecord known = users.getIfPresent(login);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return store.find(login).onSuccess(user -> users.put(login, user));
  }

  void forget(String login) {
    users.invalidate(login);
  }
}
