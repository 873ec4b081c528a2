package io.github.userservice.passkey;

import io.vertx.core.Future;
import io.vertx.ext.auth.webauthn4j.Authenticator;
import io.vertx.ext.auth.webauthn4j.CredentialStorage;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The passkeys table as vertx-auth-webauthn4j reads and writes it during a ceremony: the credentials of a user (to
 * exclude at registration) or one credential (to check an assertion), a new credential once its registration checked
 * out, and the signature counter of one that logged in, moved on only forward.
 */
final class PasskeyStorage implements CredentialStorage {

  /** The name of a new passkey until the registration's own is set, in the same request. */
  static final String DEFAULT_NAME = "Passkey";

  /** A credential that is registered already, to any user. */
  static final class AlreadyRegistered extends RuntimeException {
    AlreadyRegistered() {
      super("credential registered already", null, false, false);
    }
  }

  /** An assertion whose counter did not move past the stored one. */
  static final class CounterRegressed extends RuntimeException {
    CounterRegressed() {
      super("signature counter did not advance", null, false, false);
    }
  }

  private final PasskeyRepository repository;
  private final Clock clock;

  PasskeyStorage(PasskeyRepository repository, Clock clock) {
    this.repository = Objects.requireNonNull(repository);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<List<Authenticator>> find(String userName, String credentialId) {
    if (credentialId == null) {
      return repository.list(userName).map(passkeys -> passkeys.stream().map(PasskeyStorage::authenticator).toList());
    }
    return repository.find(credentialId).map(found -> found
      .filter(passkey -> userName == null || passkey.login().equals(userName))
      .map(passkey -> List.of(authenticator(passkey))).orElse(List.of()));
  }

  @Override
  public Future<Void> storeCredential(Authenticator authenticator) {
    AuthenticatorFlags flags = new AuthenticatorFlags(authenticator.getFlags() & 0xff);
    return repository.find(authenticator.getCredID()).compose(found -> found.isPresent()
      ? Future.failedFuture(new AlreadyRegistered())
      : repository.add(authenticator.getCredID(), authenticator.getUsername(), DEFAULT_NAME, authenticator.getPublicKey(),
        authenticator.getAaguid(), authenticator.getCounter(), flags.backupEligible(), flags.backedUp(), clock.instant()));
  }

  @Override
  public Future<Void> updateCounter(Authenticator authenticator) {
    return repository.advanceCounter(authenticator.getCredID(), authenticator.getCounter())
      .compose(advanced -> advanced ? Future.succeededFuture() : Future.failedFuture(new CounterRegressed()));
  }

  private static Authenticator authenticator(StoredPasskey passkey) {
    return new Authenticator().setUsername(passkey.login()).setCredID(passkey.id()).setPublicKey(passkey.publicKey())
      .setCounter(passkey.signCount()).setAaguid(passkey.aaguid()).setFmt("none");
  }
}
