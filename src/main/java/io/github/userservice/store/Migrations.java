package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Brings a schema to the newest version at start-up, inside the transaction its dialect opened (and locked: one node
 * at a time). Each dialect keeps its own list of migrations, append-only, and its own record of the version.
 */
final class Migrations {

  private Migrations() {
  }

  /** Runs the migrations after {@code version}, records the newest with {@code setVersion}, and returns it. */
  static Future<Integer> apply(SqlConnection connection, int version, List<List<String>> migrations, IntFunction<String> setVersion) {
    int latest = migrations.size();
    if (version > latest) {
      return Future.failedFuture(new IllegalStateException(
        "database schema version " + version + " is newer than this service understands (" + latest + ")"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (List<String> statements : migrations.subList(version, latest)) {
      for (String statement : statements) {
        chain = chain.compose(v -> connection.query(statement).execute().mapEmpty());
      }
    }
    return chain.compose(v -> version == latest ? Future.succeededFuture() : connection.query(setVersion.apply(latest)).execute().mapEmpty())
      .map(latest);
  }
}
