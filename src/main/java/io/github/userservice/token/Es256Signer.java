package io.github.userservice.token;

import io.github.userservice.keyring.SigningKey;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signs JWTs with ES256 (RFC 7515 compact serialization, RFC 7518 section 3.4: ECDSA on P-256 with SHA-256, the
 * signature as R and S of 32 bytes each), through BouncyCastle's P-256 with deterministic nonces (RFC 6979).
 *
 * <p>Why not vertx-auth-jwt, which checks these tokens: it signs through the JDK's SunEC, whose P-256 signature costs
 * several times BouncyCastle's on JDK 17, and every login signs a token (bench/RESULTS.md has the figures).
 */
final class Es256Signer {

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int COORDINATE_BYTES = 32;

  private final ECPrivateKeyParameters privateKey;
  private final String encodedHeader;

  Es256Signer(SigningKey key) {
    byte[] d = Base64.getUrlDecoder().decode(key.privateJwk().getString("d"));
    this.privateKey = new ECPrivateKeyParameters(new BigInteger(1, d), DOMAIN);
    // RFC 9068's explicit type: an access token can be told from any other JWT signed with the same key (RFC 8725, 3.11)
    this.encodedHeader = encode(new JsonObject().put("typ", AccessTokens.TYPE).put("alg", "ES256").put("kid", key.kid()));
  }

  /** The signed token carrying these claims. Thread-safe. */
  String sign(JsonObject claims) {
    String signingInput = encodedHeader + "." + encode(claims);
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    SHA256Digest sha256 = new SHA256Digest();
    sha256.update(input, 0, input.length);
    byte[] digest = new byte[sha256.getDigestSize()];
    sha256.doFinal(digest, 0);

    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, privateKey);
    BigInteger[] rs = signer.generateSignature(digest);
    byte[] signature = new byte[2 * COORDINATE_BYTES];
    BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_BYTES);
    BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_BYTES, COORDINATE_BYTES);
    return signingInput + "." + BASE64URL.encodeToString(signature);
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.toBuffer().getBytes());
  }
}
