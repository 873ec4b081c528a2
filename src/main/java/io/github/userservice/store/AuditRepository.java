package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** SQL access to the {@code audit_events} table, and nothing else. */
final class AuditRepository {

  private final Dialect dialect;

  AuditRepository(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
  }

  /** Stores the event and returns its id. */
  Future<Long> insert(SqlClient client, AuditEvent event) {
    return client.preparedQuery(dialect.sql(Sql.INSERT_AUDIT_EVENT))
      .execute(Tuple.of(dialect.parameter(event.time()), event.type().wireName(), event.login(), event.actor(), event.clientAddress(),
        event.requestId(), event.detail()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Up to {@code limit} events after the id {@code after}, oldest first, of this login and of this type when given. */
  Future<List<AuditEvent>> page(SqlClient client, long after, String login, AuditType type, int limit) {
    StringBuilder sql = new StringBuilder(Sql.AUDIT_EVENTS);
    Tuple parameters = Tuple.of(after);
    if (login != null) {
      sql.append(Sql.AUDIT_EVENTS_OF_LOGIN);
      parameters.addString(login);
    }
    if (type != null) {
      sql.append(Sql.AUDIT_EVENTS_OF_TYPE);
      parameters.addString(type.wireName());
    }
    parameters.addInteger(limit);
    return client.preparedQuery(dialect.sql(sql.append(Sql.AUDIT_EVENTS_PAGE).toString())).execute(parameters).map(rows -> {
      List<AuditEvent> page = new ArrayList<>();
      rows.forEach(row -> event(row).ifPresent(page::add));
      return page;
    });
  }

  /** Deletes up to {@code batch} of the oldest events from before {@code cutoff}; how many it deleted. */
  Future<Integer> purge(SqlClient client, Instant cutoff, int batch) {
    return client.preparedQuery(dialect.sql(Sql.PURGE_AUDIT_EVENTS)).execute(Tuple.of(dialect.parameter(cutoff), batch)).map(rows -> rows.rowCount());
  }

  /** An event of a type this version knows; an unknown type (written by a newer version) is left out. */
  private java.util.Optional<AuditEvent> event(Row row) {
    return AuditType.of(row.getString(2)).map(type -> new AuditEvent(row.getLong(0), dialect.instant(row, 1), type,
      row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7)));
  }
}
