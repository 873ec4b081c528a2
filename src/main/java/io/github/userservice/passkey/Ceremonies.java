package io.github.userservice.passkey;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.webauthn4j.Attestation;
import io.vertx.ext.auth.webauthn4j.COSEAlgorithm;
import io.vertx.ext.auth.webauthn4j.RelyingParty;
import io.vertx.ext.auth.webauthn4j.ResidentKey;
import io.vertx.ext.auth.webauthn4j.UserVerification;
import io.vertx.ext.auth.webauthn4j.WebAuthn4J;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JCredentials;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JOptions;

import java.util.List;

/**
 * The WebAuthn ceremonies of this relying party, through vertx-auth-webauthn4j: options in the Level 3 JSON forms
 * (what {@code PublicKeyCredential.parseCreationOptionsFromJSON} and {@code parseRequestOptionsFromJSON} take), and
 * the checks of a new credential and of an assertion. Discoverable credentials and user verification are required
 * (a passkey is then a multi-factor authenticator on its own), attestation is {@code none}: no authenticator's make is
 * asked for, so none is refused for it.
 */
final class Ceremonies {

  /** How long a challenge lives, and how long the browser is told to wait: W3C's recommended 300 s with verification. */
  static final int CHALLENGE_SECONDS = 300;
  /** 256 bits: the challenge is also the key its ceremony is found by. */
  private static final int CHALLENGE_BYTES = 32;

  private final WebAuthn4J webAuthn;
  private final ServiceConfig.Webauthn config;

  Ceremonies(Vertx vertx, ServiceConfig.Webauthn config, PasskeyStorage storage) {
    this.config = config;
    WebAuthn4JOptions options = new WebAuthn4JOptions()
      .setRelyingParty(new RelyingParty().setId(config.rpId()).setName(config.rpName()))
      .setAttestation(Attestation.NONE)
      .setResidentKey(ResidentKey.REQUIRED)
      .setRequireResidentKey(true)
      .setUserVerification(UserVerification.REQUIRED)
      .setUserPresenceRequired(true)
      .setTimeoutInMilliseconds(CHALLENGE_SECONDS * 1000L)
      .setChallengeLength(CHALLENGE_BYTES)
      // the module's default asks for a long-gone extension (txAuthSimple); we ask for none
      .setExtensions(new JsonObject())
      .setPubKeyCredParams(List.of(COSEAlgorithm.ES256, COSEAlgorithm.RS256));
    this.webAuthn = WebAuthn4J.create(vertx, options).credentialStorage(storage);
  }

  /**
   * PublicKeyCredentialCreationOptionsJSON for the user, under its random user handle (the module would make a new
   * one each time, and a login in it would leak into authenticators' lists); its passkeys excluded.
   */
  Future<JsonObject> creationOptions(String login, String userHandle) {
    return webAuthn.createCredentialsOptions(new JsonObject().put("name", login).put("displayName", login)).map(options -> {
      options.getJsonObject("user").put("id", userHandle);
      options.put("hints", new JsonArray());
      return options;
    });
  }

  /** PublicKeyCredentialRequestOptionsJSON with no credential named: the authenticator offers its passkeys for this site. */
  Future<JsonObject> requestOptions() {
    return webAuthn.getCredentialsOptions(null).map(options -> options.put("allowCredentials", new JsonArray()).put("hints", new JsonArray()));
  }

  /** The new credential, checked against its challenge and origin and stored for the user. */
  Future<Void> register(String login, ClientData clientData, JsonObject credential) {
    return webAuthn.authenticate(credentials(clientData, credential).setUsername(login)).mapEmpty();
  }

  /** The assertion checked against the stored credential of {@code login}, its counter moved on. */
  Future<Void> authenticate(String login, ClientData clientData, JsonObject credential) {
    return webAuthn.authenticate(credentials(clientData, credential).setUsername(login)).mapEmpty();
  }

  private WebAuthn4JCredentials credentials(ClientData clientData, JsonObject credential) {
    return new WebAuthn4JCredentials().setChallenge(clientData.challenge()).setOrigin(clientData.origin()).setDomain(config.rpId())
      .setWebauthn(credential);
  }

  boolean allowedOrigin(String origin) {
    return config.origins().contains(origin);
  }
}
