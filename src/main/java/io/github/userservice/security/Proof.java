package io.github.userservice.security;

import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * How the {@link Caller} proved who they are, once {@link Authentication} checked it: a password (Basic), or an access
 * token of a session, with what that session's login passed ({@code amr}: {@code pwd}, and {@code otp} once a second
 * factor was given). Routes that need more than any proof ask here: the password again, or a second factor.
 *
 * @param sessionId the access token's session; null for Basic credentials and for a token from before sessions
 */
public record Proof(Scheme scheme, String sessionId, List<String> amr) {

  private static final String KEY = "user-service.proof";

  public enum Scheme { BASIC, BEARER }

  public Proof {
    amr = List.copyOf(amr);
  }

  public static Proof of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void putInto(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** Whether this request carried the password itself. */
  public boolean password() {
    return scheme == Scheme.BASIC;
  }

  /**
   * Whether the session passed a second factor: a TOTP code after the password, or a passkey, which is multi-factor
   * on its own (a key the device holds, unlocked by the user's verification: {@code hwk} with {@code user}).
   */
  public boolean secondFactor() {
    return amr.contains("otp") || amr.contains("hwk") && amr.contains("user");
  }
}
