package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.bus.UserRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** SQL access to the {@code users} table, and nothing else: no hashing, no rules. */
final class UserRepository {

  private final Pool pool;

  UserRepository(Pool pool) {
    this.pool = Objects.requireNonNull(pool);
  }

  Future<Void> ping() {
    return pool.query(Sql.PING).execute().mapEmpty();
  }

  Future<Boolean> exists(String login) {
    return pool.preparedQuery(Sql.LOGIN_EXISTS).execute(Tuple.of(login)).map(rows -> rows.size() > 0);
  }

  /** Fails with the driver's constraint violation when the login is taken: the database is the judge of uniqueness. */
  Future<UserRecord> insert(UserRecord user, String passwordHash) {
    Account account = user.account();
    return pool.preparedQuery(Sql.INSERT_USER)
      .execute(Tuple.of(account.login(), passwordHash, account.registeredAt().toString(), user.credentialVersion()))
      .map(user);
  }

  /** Replaces a password hash atomically, only if it is still {@code oldHash}; true when it was replaced. */
  Future<Boolean> replaceHash(String login, String oldHash, String newHash) {
    return update(Sql.REPLACE_HASH, Tuple.of(newHash, login, oldHash));
  }

  /** Like {@link #replaceHash}, and bumps the credential version; true when it was changed. */
  Future<Boolean> changePassword(String login, String oldHash, String newHash) {
    return update(Sql.CHANGE_PASSWORD, Tuple.of(newHash, login, oldHash));
  }

  Future<Boolean> delete(String login) {
    return update(Sql.DELETE_USER, Tuple.of(login));
  }

  Future<Optional<StoredUser>> findCredentials(String login) {
    return pool.preparedQuery(Sql.FIND_CREDENTIALS).execute(Tuple.of(login))
      .map(rows -> first(rows, row -> new StoredUser(record(row), row.getString(3))));
  }

  Future<Optional<UserRecord>> find(String login) {
    return pool.preparedQuery(Sql.FIND_USER).execute(Tuple.of(login)).map(rows -> first(rows, UserRepository::record));
  }

  /** Up to {@code limit} users after {@code afterLogin} (exclusive) in login order. */
  Future<List<UserRecord>> list(String afterLogin, int limit) {
    return pool.preparedQuery(Sql.LIST_USERS).execute(Tuple.of(afterLogin, limit)).map(rows -> {
      List<UserRecord> page = new ArrayList<>();
      rows.forEach(row -> page.add(record(row)));
      return page;
    });
  }

  private Future<Boolean> update(String sql, Tuple parameters) {
    return pool.preparedQuery(sql).execute(parameters).map(rows -> rows.rowCount() == 1);
  }

  private static UserRecord record(Row row) {
    return new UserRecord(new Account(row.getString(0), Instant.parse(row.getString(1))), row.getInteger(2));
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }
}
