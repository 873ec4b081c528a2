package io.github.userservice.http;

import io.github.userservice.bus.PageRequest;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.bus.UserExport;
import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * {@code GET /admin/export}: every user as NDJSON, {@code {"login","passwordHash","registeredAt"}} per line in login
 * order, all from one snapshot of the database. Streamed: the next page is asked of the store only when the client
 * has taken the previous one, so a million users never sit in memory. A failure after the first line cannot become
 * a problem document any more: the response is reset, and the client sees an incomplete transfer, not a short file.
 */
final class UserExportRoute {

  private static final Logger LOG = LoggerFactory.getLogger(UserExportRoute.class);

  private final UserStoreClient store;

  UserExportRoute(UserStoreClient store) {
    this.store = Objects.requireNonNull(store);
  }

  void handle(RoutingContext ctx) {
    AdminRoutes.requireAdmin(ctx);
    store.export(Origins.of(ctx)).onSuccess(export -> {
      ctx.response().closeHandler(closed -> export.close());
      sendFrom("", export, ctx);
    }).onFailure(ctx::fail);
  }

  private void sendFrom(String afterLogin, UserExport export, RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    export.next(new PageRequest(afterLogin, UserAddresses.MAX_PAGE)).onSuccess(page -> {
      if (response.closed()) {
        return;
      }
      if (!response.headWritten()) {
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, UserImportRoute.MEDIA_TYPE);
      }
      Buffer lines = Buffer.buffer();
      for (JsonObject user : page.users()) {
        lines.appendString(user.encode()).appendByte((byte) '\n');
      }
      if (!page.more()) {
        response.end(lines);
        export.close();
        return;
      }
      response.write(lines);
      if (response.writeQueueFull()) {
        response.drainHandler(drained -> sendFrom(page.lastLogin(), export, ctx));
      } else {
        sendFrom(page.lastLogin(), export, ctx);
      }
    }).onFailure(err -> {
      export.close();
      if (!response.headWritten()) {
        ctx.fail(err);
        return;
      }
      LOG.error("an export stopped: the user store did not send its next page", err);
      response.reset();
    });
  }
}
