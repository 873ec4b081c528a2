package io.github.userservice.token;

import io.vertx.core.Future;

import java.util.function.UnaryOperator;

/**
 * Where the store keeps the {@link KeyRing}: a file beside SQLite's one store node ({@link KeyRingFile}), or
 * PostgreSQL, which every store node shares. Every keeper may read and change it at any moment.
 */
public interface KeyRingStorage {

  /** The ring as stored now; a ring of one new key is stored first when there is none yet. */
  Future<KeyRing> load();

  /**
   * Replaces the ring with {@code change} applied to it, as one step that no other keeper interleaves with, and
   * returns the ring stored now. A change that returns the same ring writes nothing.
   */
  Future<KeyRing> update(UnaryOperator<KeyRing> change);
}
