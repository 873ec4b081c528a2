package io.github.userservice.security;

import io.github.userservice.account.Account;
import io.vertx.ext.web.RoutingContext;

/** Who made the request, once {@link Authentication} proved it, and whether the configuration names them admin. */
public record Caller(Account account, boolean admin) {

  private static final String KEY = "user-service.caller";

  public static Caller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void putInto(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public String login() {
    return account.login();
  }

  /** Whether the caller may act on this user: it is itself, or an admin. */
  public boolean mayAccess(String login) {
    return admin || account.login().equals(login);
  }
}
