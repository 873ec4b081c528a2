package io.github.userservice.keyring;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * One ES256 signing key as a JWK (RFC 7517/7518): EC P-256 with its private part {@code d}, identified by its
 * RFC 7638 thumbprint as {@code kid}. {@link #publicJwk()} drops {@code d}, for the published key set.
 */
public record SigningKey(String kid, Instant createdAt, JsonObject privateJwk) {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  public static SigningKey generate(Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
      String x = coordinate(publicKey.getW().getAffineX());
      String y = coordinate(publicKey.getW().getAffineY());
      String kid = thumbprint(x, y);
      JsonObject jwk = new JsonObject()
        .put("kty", "EC").put("crv", "P-256").put("x", x).put("y", y)
        .put("d", coordinate(((ECPrivateKey) pair.getPrivate()).getS()))
        .put("kid", kid).put("alg", "ES256").put("use", "sig");
      return new SigningKey(kid, now, jwk);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  public static SigningKey fromJson(JsonObject json) {
    return new SigningKey(json.getString("kid"), Instant.parse(json.getString("createdAt")), json.getJsonObject("jwk"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("kid", kid).put("createdAt", createdAt.toString()).put("jwk", privateJwk);
  }

  /** The JWK without its private part: safe to publish. */
  public JsonObject publicJwk() {
    JsonObject jwk = privateJwk.copy();
    jwk.remove("d");
    return jwk;
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + ", private part hidden]";
  }

  /** A P-256 coordinate as exactly 32 unsigned big-endian bytes, base64url. */
  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return BASE64URL.encodeToString(fixed);
  }

  /** RFC 7638: SHA-256 of the required members in lexicographic order, without white space. */
  private static String thumbprint(String x, String y) throws GeneralSecurityException {
    String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return BASE64URL.encodeToString(Arrays.copyOf(digest, 32));
  }
}
