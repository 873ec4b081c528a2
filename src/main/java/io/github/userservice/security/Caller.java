package io.github.userservice.security;

import io.github.userservice.account.Account;
import io.github.userservice.bus.UserRecord;
import io.vertx.ext.web.RoutingContext;

/**
 * Who made the request, once {@link Authentication} proved it (as the store knows the user: with its email address),
 * and whether the configuration names them admin.
 */
public record Caller(UserRecord user, boolean admin) {

  private static final String KEY = "user-service.caller";

  public static Caller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void putInto(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public Account account() {
    return user.account();
  }

  public String login() {
    return account().login();
  }

  /** Whether the caller may act on this user: it is itself, or an admin. */
  public boolean mayAccess(String login) {
    return admin || account().login().equals(login);
  }
}
