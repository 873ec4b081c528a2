package io.github.userservice.keyring;

import io.github.userservice.keyring.KeyRing;
import io.github.userservice.keyring.KeyRingStorage;
import io.github.userservice.keyring.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The key ring in PostgreSQL, one row per key, shared by every store node: a key rotated through one node signs on
 * all. Changes run in a transaction under an advisory lock, so two nodes rotating at once rotate one after the other
 * and neither loses the other's key. The rows hold private keys: guard the database's backups as the keys themselves.
 */
final class PostgresKeyRing implements KeyRingStorage {

  /** Any constant shared by every node: the key of the advisory lock rotations run under. */
  private static final long KEY_RING_LOCK = 0x6b657972696e67L;
  private static final String SELECT_KEYS = "SELECT jwk FROM signing_keys ORDER BY position";
  private static final String DELETE_KEYS = "DELETE FROM signing_keys";
  private static final String INSERT_KEY = "INSERT INTO signing_keys (position, kid, created_at, jwk) VALUES ($1, $2, $3, $4)";

  private final Pool pool;
  private final Clock clock;

  PostgresKeyRing(Pool pool, Clock clock) {
    this.pool = Objects.requireNonNull(pool);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<KeyRing> load() {
    return pool.query(SELECT_KEYS).execute().compose(rows -> rows.size() == 0 ? update(UnaryOperator.identity()) : Future.succeededFuture(ring(rows)));
  }

  @Override
  public Future<KeyRing> update(UnaryOperator<KeyRing> change) {
    return pool.withTransaction(connection -> connection.query("SELECT pg_advisory_xact_lock(" + KEY_RING_LOCK + ")").execute()
      .compose(locked -> connection.query(SELECT_KEYS).execute())
      .compose(rows -> {
        boolean empty = rows.size() == 0;
        KeyRing ring = empty ? KeyRing.first(clock.instant()) : ring(rows);
        KeyRing next = change.apply(ring);
        return empty || next != ring ? replace(connection, next) : Future.succeededFuture(next);
      }));
  }

  private static Future<KeyRing> replace(SqlConnection connection, KeyRing ring) {
    List<Tuple> rows = new ArrayList<>();
    for (int position = 0; position < ring.keys().size(); position++) {
      SigningKey key = ring.keys().get(position);
      rows.add(Tuple.of(position, key.kid(), OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC), key.toJson().encode()));
    }
    return connection.query(DELETE_KEYS).execute()
      .compose(deleted -> connection.preparedQuery(INSERT_KEY).executeBatch(rows))
      .map(ring);
  }

  private static KeyRing ring(RowSet<Row> rows) {
    List<SigningKey> keys = new ArrayList<>();
    rows.forEach(row -> keys.add(SigningKey.fromJson(new JsonObject(row.getString(0)))));
    return new KeyRing(keys);
  }
}
