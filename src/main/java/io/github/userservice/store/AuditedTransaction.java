package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One transaction that changes users, tokens, the mail outbox, sessions or second factors together with the audit
 * events it makes: all of it is stored or none of it, and the events are announced (logged), like any other action
 * that must wait for the commit (an announcement on the bus), only once it committed.
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

  /** Runs {@code work} in one transaction of the users' repository. */
  static <T> Future<T> run(UserRepository users, AuditTrail audit, Function<AuditedTransaction, Future<T>> work) {
    return run(users.dialect(), users.pool(), audit, work);
  }

  /**
   * Runs {@code work} in one transaction on one connection of {@code pool}; a failed future rolls all of it back,
   * events included.
   */
  public static <T> Future<T> run(Dialect dialect, Pool pool, AuditTrail audit, Function<AuditedTransaction, Future<T>> work) {
    Objects.requireNonNull(audit);
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
