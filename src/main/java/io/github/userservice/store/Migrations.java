package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * Brings the schema to the newest version at start-up, tracked in {@code PRAGMA user_version}. Runs in one
 * {@code BEGIN IMMEDIATE} transaction, so several store instances starting at once apply each migration exactly once.
 *
 * <p>The transaction is written out as SQL rather than {@code Pool.withTransaction}: vertx-jdbc-client 5.0.7 leaves a
 * pooled connection in {@code autocommit=false} after any transaction (vert-x3/vertx-jdbc-client#356, fixed after
 * 5.0.7), so every later statement on it would run inside a transaction that is never committed.
 */
final class Migrations {

  private Migrations() {
  }

  static Future<Integer> apply(Pool pool) {
    return pool.withConnection(connection -> connection.query(Sql.WAL_JOURNAL).execute()
      .compose(wal -> connection.query(Sql.BEGIN_IMMEDIATE).execute())
      .compose(begun -> connection.query(Sql.SCHEMA_VERSION).execute()
        .map(rows -> rows.iterator().next().getInteger(0))
        .compose(version -> applyFrom(connection, version))
        .compose(
          version -> connection.query(Sql.COMMIT).execute().map(version),
          failure -> connection.query(Sql.ROLLBACK).execute().transform(rolledBack -> Future.failedFuture(failure)))));
  }

  private static Future<Integer> applyFrom(SqlConnection connection, int version) {
    int latest = Sql.MIGRATIONS.size();
    if (version > latest) {
      return Future.failedFuture(new IllegalStateException(
        "database schema version " + version + " is newer than this service understands (" + latest + ")"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (List<String> statements : Sql.MIGRATIONS.subList(version, latest)) {
      for (String statement : statements) {
        chain = chain.compose(v -> connection.query(statement).execute().mapEmpty());
      }
    }
    return chain
      .compose(v -> connection.query(String.format(Sql.SET_SCHEMA_VERSION, latest)).execute())
      .map(latest);
  }
}
