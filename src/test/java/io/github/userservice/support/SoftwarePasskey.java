package io.github.userservice.support;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.List;

/**
 * A software authenticator behind a software browser (webauthn4j-test's emulator), speaking the WebAuthn Level 3 JSON
 * forms as a page does: options as the service answers them in, credentials as {@code PublicKeyCredential.toJSON()}
 * gives them out. What a hostile or broken client would change (the page's origin, the relying party id, user
 * verification, the counter) can be changed here.
 */
public final class SoftwarePasskey {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final AttestationObjectConverter attestations = new AttestationObjectConverter(new ObjectConverter());
  private final NoneAttestationAuthenticator authenticator = new NoneAttestationAuthenticator();
  private final ClientPlatform platform;
  private String rpIdOverride;
  private boolean userVerification = true;

  public SoftwarePasskey(String origin) {
    this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
  }

  /** The page's origin from now on, as the browser would write it into the client data. */
  public SoftwarePasskey origin(String origin) {
    platform.setOrigin(new Origin(origin));
    return this;
  }

  /** Sign for another relying party id than the options name. */
  public SoftwarePasskey rpId(String rpId) {
    this.rpIdOverride = rpId;
    return this;
  }

  /** Whether the authenticator verifies its user (a PIN, a fingerprint) and says so in its flags. */
  public SoftwarePasskey userVerification(boolean on) {
    this.userVerification = on;
    return this;
  }

  /** Whether the signature counter moves on with each use; off, the next assertion repeats the last counter. */
  public SoftwarePasskey counting(boolean on) {
    authenticator.setCountUpEnabled(on);
    return this;
  }

  /** {@code navigator.credentials.create()} with PublicKeyCredentialCreationOptionsJSON → RegistrationResponseJSON. */
  public JsonObject create(JsonObject options) {
    JsonObject rp = options.getJsonObject("rp");
    JsonObject user = options.getJsonObject("user");
    List<PublicKeyCredentialParameters> algorithms = options.getJsonArray("pubKeyCredParams").stream().map(JsonObject.class::cast)
      .map(param -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
        COSEAlgorithmIdentifier.create(param.getLong("alg")))).toList();
    PublicKeyCredentialCreationOptions creation = new PublicKeyCredentialCreationOptions(
      new PublicKeyCredentialRpEntity(rpIdOverride != null ? rpIdOverride : rp.getString("id"), rp.getString("name")),
      new PublicKeyCredentialUserEntity(DECODER.decode(user.getString("id")), user.getString("name"), user.getString("displayName")),
      new DefaultChallenge(options.getString("challenge")), algorithms, options.getLong("timeout"), descriptors(options.getJsonArray("excludeCredentials")),
      new AuthenticatorSelectionCriteria(null, ResidentKeyRequirement.REQUIRED, userVerification()),
      AttestationConveyancePreference.NONE, null);
    PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(creation);
    JsonObject response = new JsonObject()
      .put("clientDataJSON", BASE64URL.encodeToString(credential.getResponse().getClientDataJSON()))
      .put("attestationObject", BASE64URL.encodeToString(userVerification ? credential.getResponse().getAttestationObject()
        : withoutUserVerification(credential.getResponse().getAttestationObject())))
      .put("transports", new JsonArray().add("internal"));
    return toJson(credential.getRawId(), response);
  }

  /** {@code navigator.credentials.get()} with PublicKeyCredentialRequestOptionsJSON → AuthenticationResponseJSON. */
  public JsonObject get(JsonObject options) {
    return get(options, options.getString("challenge"));
  }

  /** An assertion over another challenge than the options hold (one given to someone else, say). */
  public JsonObject get(JsonObject options, String challenge) {
    PublicKeyCredentialRequestOptions request = new PublicKeyCredentialRequestOptions(new DefaultChallenge(challenge), options.getLong("timeout"),
      rpIdOverride != null ? rpIdOverride : options.getString("rpId"), null, userVerification(), null);
    CollectedClientData clientData = platform.createCollectedClientData(ClientDataType.WEBAUTHN_GET, new DefaultChallenge(challenge));
    PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential = platform.get(request, clientData);
    JsonObject response = new JsonObject()
      .put("clientDataJSON", BASE64URL.encodeToString(credential.getResponse().getClientDataJSON()))
      .put("authenticatorData", BASE64URL.encodeToString(credential.getResponse().getAuthenticatorData()))
      .put("signature", BASE64URL.encodeToString(credential.getResponse().getSignature()))
      .put("userHandle", BASE64URL.encodeToString(credential.getResponse().getUserHandle()));
    return toJson(credential.getRawId(), response);
  }

  /**
   * The emulator always verifies its user when it makes a credential; an authenticator that cannot says so with the UV
   * flag off, which nothing else covers in a {@code none} attestation.
   */
  private byte[] withoutUserVerification(byte[] attestationObject) {
    AttestationObject parsed = attestations.convert(attestationObject);
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = parsed.getAuthenticatorData();
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> unverified = new AuthenticatorData<>(data.getRpIdHash(),
      (byte) (data.getFlags() & ~AuthenticatorData.BIT_UV), data.getSignCount(), data.getAttestedCredentialData(), data.getExtensions());
    return attestations.convertToBytes(new AttestationObject(unverified, parsed.getAttestationStatement()));
  }

  private UserVerificationRequirement userVerification() {
    return userVerification ? UserVerificationRequirement.REQUIRED : UserVerificationRequirement.DISCOURAGED;
  }

  private static List<PublicKeyCredentialDescriptor> descriptors(JsonArray excluded) {
    return excluded == null ? List.of() : excluded.stream().map(JsonObject.class::cast)
      .map(descriptor -> new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, DECODER.decode(descriptor.getString("id")), null))
      .toList();
  }

  private static JsonObject toJson(byte[] rawId, JsonObject response) {
    String id = BASE64URL.encodeToString(rawId);
    return new JsonObject().put("id", id).put("rawId", id).put("type", "public-key").put("response", response)
      .put("authenticatorAttachment", "platform").put("clientExtensionResults", new JsonObject());
  }
}
