package io.github.userservice.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The self-service page at {@code /account/}: static HTML, CSS and plain JavaScript from the jar that use the public
 * API only. Its policy allows scripts, styles and requests from this origin alone: no inline script, nothing from
 * another site, no framing, no form posted anywhere (the script sends every request itself).
 */
final class AccountPage implements Handler<RoutingContext> {

  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  // no caching headers of its own: every response says no-store (CommonHeaders), and the page is small
  private final StaticHandler files = StaticHandler.create("account").setIndexPage("index.html").setCachingEnabled(false)
    .setDirectoryListing(false).setIncludeHidden(false);

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", POLICY);
    files.handle(ctx);
  }
}
