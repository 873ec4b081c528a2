package io.github.userservice.keyring;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the store keeps the {@link KeyRing}: a file beside SQLite's one store node ({@link KeyRingFile}), or
 * PostgreSQL, which every store node shares. Every keeper may read and change it at any moment.
 */
public interface KeyRingStorage {

  /**
   * Where a store node keeps the ring: in the database that the store nodes share, when they share one (PostgreSQL),
   * so that all hand out the same keys; else in the {@code tokens.keysPath} file, owner-only.
   *
   * @param sharedDatabase the store's pool for shared state, when it has one
   */
  static KeyRingStorage of(ServiceConfig.Tokens tokens, Optional<Pool> sharedDatabase, Clock clock) {
    return sharedDatabase.<KeyRingStorage>map(pool -> new PostgresKeyRing(pool, clock))
      .orElseGet(() -> new KeyRingFile(Path.of(tokens.keysPath()), clock));
  }

  /** The ring as stored now; a ring of one new key is stored first when there is none yet. */
  Future<KeyRing> load();

  /**
   * Replaces the ring with {@code change} applied to it, as one step that no other keeper interleaves with, and
   * returns the ring stored now. A change that returns the same ring writes nothing.
   */
  Future<KeyRing> update(UnaryOperator<KeyRing> change);
}
