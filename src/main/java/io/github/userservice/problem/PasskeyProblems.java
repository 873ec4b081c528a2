package io.github.userservice.problem;

import io.netty.handler.codec.http.HttpHeaderNames;

/** The problems of passkeys: a credential refused, a registration that needs a fresh proof of the password. */
public final class PasskeyProblems {

  private PasskeyProblems() {
  }

  /** The same for every reason: unknown, another user's, replayed, expired, wrong origin or relying party, no user verification. */
  public static Problem invalidPasskey() {
    return Problem.ofType("invalid-passkey", "Invalid passkey", 401,
      "The passkey's answer was not accepted (unknown credential, a challenge that is used, expired or not this ceremony's, another "
        + "origin, no user verification, or a bad signature); ask for new options and try again.");
  }

  public static Problem passkeyRefused() {
    return Problem.ofType("passkey-refused", "Passkey refused", 400,
      "The new credential was not accepted (a challenge that is used, expired or another session's, another origin or relying party, "
        + "no user verification, or a bad attestation); ask for new options and try again.");
  }

  /** 401 as RFC 9470 answers a token whose authentication is too old for the request. */
  public static Problem reauthenticationRequired(int maxAgeSeconds) {
    return Problem.ofType("reauthentication-required", "Reauthentication required", 401,
        "Adding a passkey takes a login within the last " + maxAgeSeconds / 60 + " minutes, or the password again as {\"password\"}.")
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE,
        "Bearer realm=\"user-service\", error=\"insufficient_user_authentication\", max_age=" + maxAgeSeconds);
  }

  public static Problem passkeyRegistered() {
    return Problem.ofType("passkey-registered", "Passkey registered already", 409, "This credential is registered already.");
  }
}
