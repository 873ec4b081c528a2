package io.github.userservice.passkey;

import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.store.AuditedTransaction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a passkey login needs of the sessions: to start one exactly as a password login does, and the same limit per
 * client address that the other requests which hash nothing have. The session store hands its own in.
 */
public interface SessionGate {

  /**
   * Starts a session in this transaction for a user at this credential version who passed {@code amr}:
   * {@code {"session": grant}}, or empty when the user changed meanwhile.
   */
  Future<Optional<JsonObject>> start(AuditedTransaction transaction, String login, int credentialVersion, List<String> amr,
                                     RequestOrigin origin, String userAgent);

  /** Runs {@code work} if the client's address is within its limit; else a throttled refusal. */
  Future<JsonObject> fromAddress(RequestOrigin origin, Supplier<Future<JsonObject>> work);
}
