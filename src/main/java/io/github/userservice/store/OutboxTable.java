package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every outbox table does with its rows, whatever they carry: claims the due ones a batch at a time for a lease,
 * so that no other store node sends them meanwhile, deletes one once done with, or puts it back for another attempt
 * later with its claim released. The tables' statements take the same parameters in the same order; only the columns
 * a claim returns differ, and {@code rowReader} reads them.
 *
 * @param <T> a claimed row, as its outbox hands it out
 */
final class OutboxTable<T> {

  /**
   * One table's statements, from {@link Sql}.
   *
   * @param claim   sets {@code claimed_until} of up to a limit of due rows and returns them; {@code %s} for the dialect's
   *                {@link Dialect#skipLocked()}
   * @param remove  deletes a row by its id
   * @param retry   sets a row's attempts, its next attempt and its claim
   * @param pending counts the rows
   */
  record Statements(String claim, String remove, String retry, String pending) {
  }

  private final Pool pool;
  private final Dialect dialect;
  private final Statements statements;
  private final Function<Row, T> rowReader;

  OutboxTable(Pool pool, Dialect dialect, Statements statements, Function<Row, T> rowReader) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
    this.statements = Objects.requireNonNull(statements);
    this.rowReader = Objects.requireNonNull(rowReader);
  }

  /** Up to {@code limit} rows that are due, claimed for {@code lease}. */
  Future<List<T>> claimDue(Instant now, Duration lease, int limit) {
    String claim = dialect.sql(String.format(statements.claim(), dialect.skipLocked()));
    Object at = dialect.parameter(now);
    return pool.preparedQuery(claim).execute(Tuple.of(dialect.parameter(now.plus(lease)), at, at, limit)).map(rows -> {
      List<T> due = new ArrayList<>();
      rows.forEach(row -> due.add(rowReader.apply(row)));
      return due;
    });
  }

  Future<Void> remove(long id) {
    return pool.preparedQuery(dialect.sql(statements.remove())).execute(Tuple.of(id)).mapEmpty();
  }

  /** Another attempt at {@code next}, the claim released. */
  Future<Void> retryAt(long id, int attemptsBefore, Instant next) {
    return pool.preparedQuery(dialect.sql(statements.retry()))
      .execute(Tuple.of(attemptsBefore + 1, dialect.parameter(next), dialect.parameter(Instant.EPOCH), id))
      .mapEmpty();
  }

  Future<Long> pending() {
    return pool.query(dialect.sql(statements.pending())).execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
