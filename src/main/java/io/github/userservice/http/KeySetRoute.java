package io.github.userservice.http;

import io.github.userservice.token.AccessTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify access tokens, with their {@code kid}, so that
 * other services check tokens offline. Public and cacheable for a few minutes: rotation keeps old keys listed far
 * longer than that.
 */
final class KeySetRoute {

  private final AccessTokens tokens;

  KeySetRoute(AccessTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens);
  }

  void keys(RoutingContext ctx) {
    ctx.response()
      .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json");
    ctx.json(tokens.jwks());
  }
}
