package io.github.userservice.http;

import io.github.userservice.account.Account;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.PageRequest;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.security.Caller;
import io.github.userservice.token.SigningKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What only the admins named in the configuration may do: list users, rotate the token signing key, back the database
 * up. Export and import stream, in routes of their own.
 */
final class AdminRoutes {

  private static final int DEFAULT_PAGE = 50;

  private final UserStoreClient store;
  private final SigningKeys keys;

  AdminRoutes(UserStoreClient store, SigningKeys keys) {
    this.store = Objects.requireNonNull(store);
    this.keys = Objects.requireNonNull(keys);
  }

  /**
   * {@code GET /user/?limit=50&after=LOGIN}: users in login order, with keyset pagination: {@code next} (and a
   * {@code Link} header) names the following page, and is absent on the last one.
   */
  void list(RoutingContext ctx) {
    requireAdmin(ctx);
    int limit = limit(ctx.queryParams().get("limit"));
    String after = LoginRules.canonical(ctx.queryParams().get("after") == null ? "" : ctx.queryParams().get("after"));
    store.list(new PageRequest(after, limit)).onSuccess(page -> {
      JsonObject body = new JsonObject().put("users", new JsonArray(page.users().stream().map(Account::toJson).toList()));
      if (page.more()) {
        String last = page.users().get(page.users().size() - 1).login();
        String next = "/user/?limit=" + limit + "&after=" + URLEncoder.encode(last, StandardCharsets.UTF_8);
        body.put("next", next);
        ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
      }
      ctx.json(body);
    }).onFailure(ctx::fail);
  }

  /** {@code POST /admin/keys/rotate}: a new signing key; tokens signed by the previous one stay valid until they expire. */
  void rotateKeys(RoutingContext ctx) {
    requireAdmin(ctx);
    keys.rotate()
      .onSuccess(key -> ctx.json(new JsonObject().put("kid", key.kid())))
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /admin/backup}: a consistent copy of the SQLite database, written while it serves into
   * {@code db.backupPath} on the store node: 201 with its file name and size in bytes. PostgreSQL: 501, pg_dump.
   */
  void backup(RoutingContext ctx) {
    requireAdmin(ctx);
    store.backup()
      .onSuccess(backup -> {
        ctx.response().setStatusCode(201);
        ctx.json(backup);
      })
      .onFailure(ctx::fail);
  }

  static void requireAdmin(RoutingContext ctx) {
    if (!Caller.of(ctx).admin()) {
      throw new ProblemException(Problems.forbidden());
    }
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_PAGE;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= UserAddresses.MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // answered below, like an out-of-range number
    }
    throw new ProblemException(Problems.invalidParameters(List.of(new FieldError("limit", "must be a whole number from 1 to " + UserAddresses.MAX_PAGE))));
  }
}
