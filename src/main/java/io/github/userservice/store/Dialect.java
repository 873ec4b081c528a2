package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What differs between the databases the user store runs on, kept in one place: how a pool is opened and the schema
 * migrated, the SQL placeholders, how an instant is stored, whether several store nodes may
 * share it, and so whether the state they share (the login throttle, the token keys) can be kept in it. The queries themselves
 * are written once, in {@link Sql}, with {@code ?} placeholders.
 */
public sealed interface Dialect permits SqliteDialect, PostgresDialect {

  /** PostgreSQL when {@code db.url} is set, else SQLite at {@code db.path}. */
  static Dialect of(ServiceConfig.Db db) {
    return db.postgres() ? new PostgresDialect(db) : new SqliteDialect(db);
  }

  /** Makes the database ready once, before any store instance opens it: created and migrated. */
  Future<Integer> prepare(Vertx vertx);

  /** A pool for one store instance. Blocking (SQLite may create its file): call it from a worker thread. */
  Pool open(Vertx vertx);

  /** Runs {@code work} on one connection inside one transaction: all of it is stored, or none of it. */
  <T> Future<T> inTransaction(Pool pool, Function<SqlConnection, Future<T>> work);

  /**
   * The statement that starts a read-only transaction whose reads all see the database as it was at its first read,
   * whatever is written meanwhile; end it with {@code ROLLBACK}.
   */
  String beginSnapshot();

  /** A statement of {@link Sql} in this database's syntax. */
  String sql(String statement);

  Instant instant(Row row, int column);

  /** An instant as this database stores it. */
  Object parameter(Instant instant);

  /** Whether one store node only may use it: a SQLite file belongs to one process. */
  boolean singleStore();

  /** What ends a {@code SELECT} of rows to claim so that rows other store nodes hold are passed over: nothing on SQLite. */
  String skipLocked();

  /**
   * A pool for the state that every store node using this database must share (the login throttle, the token key
   * ring), one per process; empty where one store node owns the database ({@link #singleStore()}), which keeps that
   * state itself.
   */
  Optional<Pool> sharedStatePool(Vertx vertx);

  /** A file the online backup wrote, and its size in bytes. */
  record Backup(String name, long size) {
  }

  /**
   * A consistent copy of the database, written while it serves into a new owner-only file of {@code folder}. Fails
   * {@link UnsupportedOperationException} where the database has its own tools for that.
   */
  Future<Backup> backup(Vertx vertx, Path folder);

  /** For logs: which database, never a secret. */
  String describe();
}
