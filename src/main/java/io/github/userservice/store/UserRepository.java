package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.bus.UserRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** SQL access to the {@code users} table, and nothing else: no hashing, no rules. The same queries for every database. */
final class UserRepository {

  private final Pool pool;
  private final Dialect dialect;

  UserRepository(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
  }

  /** The pool, for statements of other tables in the same database (the audit trail). */
  Pool pool() {
    return pool;
  }

  /** Runs {@code work} on one connection inside one transaction: all of it is stored, or none of it. */
  <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return dialect.inTransaction(pool, work);
  }

  Future<Void> ping() {
    return pool.query(dialect.sql(Sql.PING)).execute().mapEmpty();
  }

  Future<Boolean> exists(String login) {
    return query(Sql.LOGIN_EXISTS).execute(Tuple.of(login)).map(rows -> rows.size() > 0);
  }

  /** True when the user was added, false when the login is taken: the unique key is the judge, race-safe. */
  Future<Boolean> insert(SqlClient client, UserRecord user, String passwordHash) {
    Account account = user.account();
    return client.preparedQuery(dialect.sql(Sql.INSERT_USER))
      .execute(Tuple.of(account.login(), passwordHash, dialect.parameter(account.registeredAt()), user.credentialVersion()))
      .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Adds each user whose login is free, all in one transaction (a failure stores none of them); for each, whether it
   * was added, false when its login was taken, by an earlier user or one before it in the list.
   */
  Future<List<Boolean>> insertAll(List<StoredUser> users) {
    return dialect.inTransaction(pool, connection -> {
      List<Boolean> added = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      PreparedQuery<RowSet<Row>> insert = connection.preparedQuery(dialect.sql(Sql.IMPORT_USER));
      for (StoredUser user : users) {
        Account account = user.record().account();
        Tuple row = Tuple.of(account.login(), user.passwordHash(), dialect.parameter(account.registeredAt()), user.record().credentialVersion());
        chain = chain.compose(previous -> insert.execute(row).map(rows -> added.add(rows.rowCount() == 1)).mapEmpty());
      }
      return chain.map(added);
    });
  }

  /** Up to {@code limit} users with their hashes after {@code afterLogin}, in login order, read through {@code snapshot}. */
  Future<List<StoredUser>> exportPage(SqlClient snapshot, String afterLogin, int limit) {
    return snapshot.preparedQuery(dialect.sql(Sql.EXPORT_USERS)).execute(Tuple.of(afterLogin, limit)).map(rows -> {
      List<StoredUser> page = new ArrayList<>();
      rows.forEach(row -> page.add(new StoredUser(record(row), row.getString(3))));
      return page;
    });
  }

  /** Replaces a password hash atomically, only if it is still {@code oldHash}; true when it was replaced. */
  Future<Boolean> replaceHash(String login, String oldHash, String newHash) {
    return update(Sql.REPLACE_HASH, Tuple.of(newHash, login, oldHash));
  }

  /** Like {@link #replaceHash}, and bumps the credential version; true when it was changed. */
  Future<Boolean> changePassword(SqlClient client, String login, String oldHash, String newHash) {
    return client.preparedQuery(dialect.sql(Sql.CHANGE_PASSWORD)).execute(Tuple.of(newHash, login, oldHash)).map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> delete(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(Sql.DELETE_USER)).execute(Tuple.of(login)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<StoredUser>> findCredentials(String login) {
    return query(Sql.FIND_CREDENTIALS).execute(Tuple.of(login))
      .map(rows -> first(rows, row -> new StoredUser(record(row), row.getString(3))));
  }

  Future<Optional<UserRecord>> find(String login) {
    return query(Sql.FIND_USER).execute(Tuple.of(login)).map(rows -> first(rows, this::record));
  }

  /** Up to {@code limit} users after {@code afterLogin} (exclusive) in login order. */
  Future<List<UserRecord>> list(String afterLogin, int limit) {
    return query(Sql.LIST_USERS).execute(Tuple.of(afterLogin, limit)).map(rows -> {
      List<UserRecord> page = new ArrayList<>();
      rows.forEach(row -> page.add(record(row)));
      return page;
    });
  }

  private Future<Boolean> update(String sql, Tuple parameters) {
    return query(sql).execute(parameters).map(rows -> rows.rowCount() == 1);
  }

  private PreparedQuery<RowSet<Row>> query(String statement) {
    return pool.preparedQuery(dialect.sql(statement));
  }

  private UserRecord record(Row row) {
    return new UserRecord(new Account(row.getString(0), dialect.instant(row, 1)), row.getInteger(2));
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }
}
