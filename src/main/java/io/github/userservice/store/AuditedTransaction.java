package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One transaction that changes users, tokens and the mail outbox together with the audit events it makes: all of it
 * is stored or none of it, and the events are announced (logged) only once it committed.
 */
final class AuditedTransaction {

  private record Done<T>(T result, List<AuditEvent> events) {
  }

  private final SqlConnection connection;
  private final AuditTrail audit;
  private final List<AuditEvent> written = new ArrayList<>();

  private AuditedTransaction(SqlConnection connection, AuditTrail audit) {
    this.connection = connection;
    this.audit = audit;
  }

  static <T> Future<T> run(UserRepository users, AuditTrail audit, Function<AuditedTransaction, Future<T>> work) {
    Objects.requireNonNull(audit);
    return users.<Done<T>>transaction(connection -> {
      AuditedTransaction transaction = new AuditedTransaction(connection, audit);
      return work.apply(transaction).map(result -> new Done<>(result, transaction.written));
    }).map(done -> {
      done.events().forEach(audit::announce);
      return done.result();
    });
  }

  SqlConnection connection() {
    return connection;
  }

  /** Writes the event in this transaction. */
  Future<Void> record(AuditEvent event) {
    return audit.write(connection, event).map(stored -> {
      written.add(stored);
      return null;
    });
  }
}
