package io.github.userservice.http;

import io.github.userservice.account.Account;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditQuery;
import io.github.userservice.bus.AuditType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What only the admins named in the configuration may do: list users, read the audit trail, rotate the token signing
 * key, back the database up. Export and import stream, in routes of their own.
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

  /**
   * {@code GET /admin/audit?after=ID&login=L&type=T&limit=50}: the audit trail, oldest first, after an event id, of a
   * login and a type when given; {@code next} (and a {@code Link} header) names the following page, and is absent on
   * the last one. A follower keeps the last id it saw and asks for what came after it.
   */
  void audit(RoutingContext ctx) {
    requireAdmin(ctx);
    AuditQuery query = auditQuery(ctx);
    store.auditEvents(query).onSuccess(page -> {
      JsonObject body = new JsonObject().put("events", new JsonArray(page.events().stream().map(AuditEvent::toJson).toList()));
      if (page.more()) {
        AuditQuery following = new AuditQuery(page.events().get(page.events().size() - 1).id(), query.login(), query.type(), query.limit());
        String next = "/admin/audit?" + queryString(following);
        body.put("next", next);
        ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
      }
      ctx.json(body);
    }).onFailure(ctx::fail);
  }

  /** {@code POST /admin/keys/rotate}: a new signing key; tokens signed by the previous one stay valid until they expire. */
  void rotateKeys(RoutingContext ctx) {
    requireAdmin(ctx);
    keys.rotate(Origins.of(ctx))
      .onSuccess(key -> ctx.json(new JsonObject().put("kid", key.kid())))
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /admin/backup}: a consistent copy of the SQLite database, written while it serves into
   * {@code db.backupPath} on the store node: 201 with its file name and size in bytes. PostgreSQL: 501, pg_dump.
   */
  void backup(RoutingContext ctx) {
    requireAdmin(ctx);
    store.backup(Origins.of(ctx))
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

  private static AuditQuery auditQuery(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    int limit = 0;
    try {
      limit = limit(ctx.queryParams().get("limit"));
    } catch (ProblemException invalid) {
      errors.add(new FieldError("limit", "must be a whole number from 1 to " + UserAddresses.MAX_PAGE));
    }
    long after = 0;
    String afterParam = ctx.queryParams().get("after");
    if (afterParam != null) {
      try {
        after = Long.parseLong(afterParam);
      } catch (NumberFormatException notANumber) {
        after = -1;
      }
      if (after < 0) {
        errors.add(new FieldError("after", "must be the id of an event: a whole number, 0 or more"));
      }
    }
    String typeParam = ctx.queryParams().get("type");
    AuditType type = typeParam == null ? null : AuditType.of(typeParam).orElse(null);
    if (typeParam != null && type == null) {
      errors.add(new FieldError("type", "must be an event type, such as login.failed"));
    }
    String login = ctx.queryParams().get("login");
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.invalidParameters(errors));
    }
    return new AuditQuery(after, login == null ? null : LoginRules.canonical(login), type, limit);
  }

  private static String queryString(AuditQuery query) {
    StringBuilder text = new StringBuilder("limit=" + query.limit() + "&after=" + query.after());
    if (query.login() != null) {
      text.append("&login=").append(URLEncoder.encode(query.login(), StandardCharsets.UTF_8));
    }
    if (query.type() != null) {
      text.append("&type=").append(query.type().wireName());
    }
    return text.toString();
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
