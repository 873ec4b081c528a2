package io.github.userservice.http;

import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.security.Caller;
import io.github.userservice.security.ClientAddress;
import io.vertx.ext.web.RoutingContext;

/** Who an HTTP request acts for, as the store's requests carry it: its request id, client address and caller. */
final class Origins {

  private Origins() {
  }

  static RequestOrigin of(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return new RequestOrigin(CommonHeaders.requestId(ctx), ClientAddress.of(ctx), caller == null ? null : caller.login());
  }
}
