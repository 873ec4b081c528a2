package io.github.userservice.token;

import io.github.userservice.keyring.SigningKey;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ES256 token signatures")
class Es256SignerTest {

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final SigningKey key = SigningKey.generate(Instant.parse("2026-12-02T00:00:00Z"));
  private final JsonObject claims = new JsonObject().put("sub", "alice").put("ver", 7);

  @Test
  @DisplayName("a signature checks out with the JDK's own ECDSA and the published key")
  void verifiesWithTheJdk() throws Exception {
    String[] token = new Es256Signer(key).sign(claims).split("\\.");

    assertTrue(jdkVerifies(token[0] + "." + token[1], token[2], key.publicJwk()));
    assertEquals(64, BASE64URL.decode(token[2]).length, "R and S, 32 bytes each (RFC 7518), not DER");
  }

  @Test
  @DisplayName("the header names the access-token type (RFC 9068), the algorithm and the key; the payload is the claims")
  void headerAndPayload() {
    String[] token = new Es256Signer(key).sign(claims).split("\\.");

    assertEquals(new JsonObject().put("typ", "at+jwt").put("alg", "ES256").put("kid", key.kid()), decode(token[0]));
    assertEquals(claims, decode(token[1]));
  }

  @Test
  @DisplayName("the signature covers the claims: other claims under it do not check out")
  void signatureCoversClaims() throws Exception {
    String[] token = new Es256Signer(key).sign(claims).split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.copy().put("sub", "mallory").toBuffer().getBytes());

    assertFalse(jdkVerifies(token[0] + "." + forged, token[2], key.publicJwk()));
  }

  @Test
  @DisplayName("nonces are deterministic (RFC 6979): the same claims, the same token; other claims, another signature")
  void deterministicNonces() {
    Es256Signer signer = new Es256Signer(key);

    assertEquals(signer.sign(claims), signer.sign(claims));
    assertNotEquals(signer.sign(claims).split("\\.")[2], signer.sign(claims.copy().put("ver", 8)).split("\\.")[2]);
  }

  @Test
  @DisplayName("another key's signature does not check out with this key")
  void otherKey() throws Exception {
    SigningKey other = SigningKey.generate(Instant.parse("2026-12-02T00:00:00Z"));
    String[] token = new Es256Signer(other).sign(claims).split("\\.");

    assertFalse(jdkVerifies(token[0] + "." + token[1], token[2], key.publicJwk()));
  }

  private static boolean jdkVerifies(String signingInput, String signature, JsonObject publicJwk) throws Exception {
    Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
    ecdsa.initVerify(publicKey(publicJwk));
    ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return ecdsa.verify(BASE64URL.decode(signature));
  }

  private static PublicKey publicKey(JsonObject jwk) throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECPoint point = new ECPoint(new BigInteger(1, BASE64URL.decode(jwk.getString("x"))), new BigInteger(1, BASE64URL.decode(jwk.getString("y"))));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(BASE64URL.decode(part), StandardCharsets.UTF_8));
  }
}
