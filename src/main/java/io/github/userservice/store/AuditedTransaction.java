package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One transaction of changes and the audit events that record them, for the parts of the store role that keep tables
 * of their own beside the users (sessions, second factors): the events are written with the changes, all or none, and
 * logged once the transaction committed, as the users' own changes are.
 */
public final class AuditedTransaction {

  private final SqlConnection connection;
  private final AuditTrail audit;
  private final List<AuditEvent> written = new ArrayList<>();
  private final List<Runnable> onCommit = new ArrayList<>();

  private AuditedTransaction(SqlConnection connection, AuditTrail audit) {
    this.connection = connection;
    this.audit = audit;
  }

  /**
   * Runs {@code work} in one transaction on one connection of {@code pool}; a failed future rolls all of it back,
   * events included.
   */
  public static <T> Future<T> run(Dialect dialect, Pool pool, AuditTrail audit, Function<AuditedTransaction, Future<T>> work) {
    List<AuditedTransaction> done = new ArrayList<>();
    return dialect.<T>inTransaction(pool, connection -> {
      AuditedTransaction transaction = new AuditedTransaction(connection, audit);
      return work.apply(transaction).onSuccess(result -> done.add(transaction));
    }).onSuccess(result -> done.forEach(transaction -> {
      transaction.written.forEach(audit::announce);
      transaction.onCommit.forEach(Runnable::run);
    }));
  }

  /** Runs {@code action} once the transaction committed (an announcement on the bus), never if it rolled back. */
  public void onCommit(Runnable action) {
    onCommit.add(action);
  }

  /** The connection the changes run on. */
  public SqlConnection connection() {
    return connection;
  }

  /** Writes the event (and its webhook deliveries) in this transaction. */
  public Future<Void> record(AuditEvent event) {
    return audit.write(connection, event).map(stored -> {
      written.add(stored);
      return null;
    });
  }
}
