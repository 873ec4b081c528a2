package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
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
  Future<Account> insert(Account account, String passwordHash) {
    return pool.preparedQuery(Sql.INSERT_USER)
      .execute(Tuple.of(account.login(), passwordHash, account.registeredAt().toString()))
      .map(account);
  }

  /** Replaces a password hash atomically, only if it is still {@code oldHash}; true when it was replaced. */
  Future<Boolean> replaceHash(String login, String oldHash, String newHash) {
    return pool.preparedQuery(Sql.REPLACE_HASH).execute(Tuple.of(newHash, login, oldHash)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<StoredUser>> findCredentials(String login) {
    return pool.preparedQuery(Sql.FIND_CREDENTIALS).execute(Tuple.of(login))
      .map(rows -> first(rows, row -> new StoredUser(account(row), row.getString(2))));
  }

  Future<Optional<Account>> find(String login) {
    return pool.preparedQuery(Sql.FIND_ACCOUNT).execute(Tuple.of(login)).map(rows -> first(rows, UserRepository::account));
  }

  private static Account account(Row row) {
    return new Account(row.getString(0), Instant.parse(row.getString(1)));
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }
}
