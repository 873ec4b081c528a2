package io.github.userservice.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.keyring.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues ES256 access tokens ({@link Es256Signer}) and checks them with vertx-auth-jwt. Claims: {@code iss}, {@code sub} (the canonical login),
 * {@code iat}, {@code exp}, {@code jti}, and {@code ver}, the user's credential version, which the caller compares
 * with the stored one so that tokens issued before a password change are refused. Checking a token is local
 * cryptography: no Argon2, no network.
 *
 * <p>One instance per HTTP verticle (vertx-auth-jwt serialises signature checks per key object), all reading the
 * process's {@link SigningKeys}; after a rotation each instance rebuilds its signer and verifier on first use.
 */
public final class AccessTokens {

  /** What a valid token says: who, with which credential version, and until when. */
  public record Claims(String login, int credentialVersion, Instant expiresAt) {
  }

  private record Keys(List<SigningKey> ring, Es256Signer signer, JWTAuth verifier, JsonObject jwks) {
  }

  private final Vertx vertx;
  private final SigningKeys ring;
  private final String issuer;
  private final int ttlSeconds;
  // a token checked once stays good until it expires: its signature is not checked again (SunEC's ECDSA check costs
  // ~0.9 ms on JDK 17)
  private final Cache<String, Claims> verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
  private Keys keys;

  public AccessTokens(Vertx vertx, SigningKeys ring, String issuer, int ttlSeconds) {
    this.vertx = Objects.requireNonNull(vertx);
    this.ring = Objects.requireNonNull(ring);
    this.issuer = Objects.requireNonNull(issuer);
    this.ttlSeconds = ttlSeconds;
  }

  /** Whether the signing keys arrived from the store: until then nothing can be signed or checked. */
  public boolean ready() {
    return ring.loaded();
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** A signed token for the user. Call only when {@link #ready()}. */
  public String issue(UserRecord user) {
    long now = Instant.now().getEpochSecond();
    return keys().signer().sign(new JsonObject()
      .put("iss", issuer)
      .put("sub", user.account().login())
      .put("iat", now)
      .put("exp", now + ttlSeconds)
      .put("jti", UUID.randomUUID().toString())
      .put("ver", user.credentialVersion()));
  }

  /** The claims of a token signed by one of the ring's keys, of this issuer, and not expired; else a failed future. */
  public Future<Claims> verify(String token) {
    Claims known = verified.getIfPresent(token);
    if (known != null && known.expiresAt().isAfter(Instant.now())) {
      return Future.succeededFuture(known);
    }
    return keys().verifier().authenticate(new TokenCredentials(token)).compose(AccessTokens::claims)
      .onSuccess(claims -> verified.put(token, claims));
  }

  /** The public keys as a JWK set, for {@code /.well-known/jwks.json}; empty until the keys arrived. */
  public JsonObject jwks() {
    return ready() ? keys().jwks() : new JsonObject().put("keys", new JsonArray());
  }

  private static Future<Claims> claims(User user) {
    Object login = user.principal().getValue("sub");
    Object version = user.principal().getValue("ver");
    // vertx-auth-jwt accepts a token without exp: ours always carry one, so one without is not ours
    if (!(login instanceof String) || !(version instanceof Integer) || !user.attributes().containsKey("exp")
      || !user.principal().containsKey("jti")) {
      return Future.failedFuture("the token lacks a claim this service always sets");
    }
    return Future.succeededFuture(new Claims((String) login, (Integer) version, Instant.ofEpochSecond(user.attributes().getLong("exp"))));
  }

  private Keys keys() {
    List<SigningKey> current = ring.keys();
    Keys built = keys;
    if (built == null || built.ring() != current) {
      built = build(current);
      keys = built;
    }
    return built;
  }

  private Keys build(List<SigningKey> ring) {
    if (ring.isEmpty()) {
      throw new IllegalStateException("no token signing keys yet: no store node has answered");
    }
    Es256Signer signer = new Es256Signer(ring.get(0));
    JWTAuthOptions verifying = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIssuer(issuer).setLeeway(0));
    ring.forEach(key -> verifying.addJwk(key.publicJwk()));
    JsonObject jwks = new JsonObject().put("keys", new JsonArray(ring.stream().map(SigningKey::publicJwk).toList()));
    return new Keys(ring, signer, JWTAuth.create(vertx, verifying), jwks);
  }
}
