package io.github.userservice.passkey;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a credential's {@code clientDataJSON} says the browser signed for: the ceremony's type, its challenge and the
 * page's origin. Read before the signature is checked only to find the challenge and to refuse early; webauthn4j then
 * checks the same bytes under the signature.
 */
record ClientData(String type, String challenge, String origin, boolean crossOrigin) {

  /** The client data of a credential in its Level 3 JSON form; empty when it is missing or no JSON object. */
  static Optional<ClientData> of(JsonObject credential) {
    try {
      String encoded = credential.getJsonObject("response").getString("clientDataJSON");
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
      if (!(json.getValue("type") instanceof String type) || !(json.getValue("challenge") instanceof String challenge)
        || !(json.getValue("origin") instanceof String origin)) {
        return Optional.empty();
      }
      return Optional.of(new ClientData(type, challenge, origin, Boolean.TRUE.equals(json.getValue("crossOrigin"))));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
