package io.github.userservice.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.SessionGrant;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues ES256 access tokens ({@link Es256Signer}) and checks them with vertx-auth-jwt. Header {@code typ: at+jwt}
 * (RFC 9068). Claims: {@code iss}, {@code sub} (the canonical login), {@code iat}, {@code exp}, {@code jti}, {@code ver},
 * the user's credential version, which the caller compares with the stored one so that tokens issued before a password
 * change are refused, {@code sid}, the session the token belongs to, which the caller checks is still live, and
 * {@code amr} (RFC 8176), what the session's login passed: {@code ["pwd"]} or {@code ["pwd","otp"]}. Checking a token is
 * local cryptography: no Argon2, no network.
 *
 * <p>Tokens issued before sessions existed have {@code typ: JWT} and neither {@code sid} nor {@code amr}: they are
 * accepted until they expire (at most {@code tokens.ttlSeconds} after the upgrade, as a password's tokens always were),
 * as a password's only ({@code amr} {@code ["pwd"]}) and of no session. A token of either type with the other's shape is
 * refused.
 *
 * <p>One instance per HTTP verticle (vertx-auth-jwt serialises signature checks per key object), all reading the
 * process's {@link SigningKeys}; after a rotation each instance rebuilds its signer and verifier on first use.
 */
public final class AccessTokens {

  /** The {@code typ} of the tokens this service issues. */
  static final String TYPE = "at+jwt";
  private static final String LEGACY_TYPE = "JWT";
  private static final List<String> PASSWORD_ONLY = List.of("pwd");

  /**
   * What a valid token says: who, with which credential version, until when, in which session (null for a token from
   * before sessions), having passed which authentication methods.
   */
  public record Claims(String login, int credentialVersion, Instant expiresAt, String sessionId, List<String> amr) {

    public Claims {
      amr = List.copyOf(amr);
    }
  }

  private record Keys(List<SigningKey> ring, Es256Signer signer, JWTAuth verifier, JsonObject jwks) {
  }

  private final Vertx vertx;
  private final SigningKeys ring;
  private final String issuer;
  private final int ttlSeconds;
  // a token checked once stays good until it expires: its signature, an ECDSA check through SunEC, is not checked
  // again
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

  /** How long a token for this session lives: {@code tokens.ttlSeconds}, or less when the session ends sooner. */
  public long expiresIn(SessionGrant session) {
    return Math.max(1, Math.min(ttlSeconds, session.refreshExpiresIn()));
  }

  /** A signed token for the session's user, living {@link #expiresIn}. Call only when {@link #ready()}. */
  public String issue(SessionGrant session) {
    long now = Instant.now().getEpochSecond();
    return keys().signer().sign(new JsonObject()
      .put("iss", issuer)
      .put("sub", session.user().account().login())
      .put("iat", now)
      .put("exp", now + expiresIn(session))
      .put("jti", UUID.randomUUID().toString())
      .put("ver", session.user().credentialVersion())
      .put("sid", session.sessionId())
      .put("amr", new JsonArray(session.amr())));
  }

  /** The claims of a token signed by one of the ring's keys, of this issuer, and not expired; else a failed future. */
  public Future<Claims> verify(String token) {
    Claims known = verified.getIfPresent(token);
    if (known != null && known.expiresAt().isAfter(Instant.now())) {
      return Future.succeededFuture(known);
    }
    return keys().verifier().authenticate(new TokenCredentials(token)).compose(user -> claims(user, type(token)))
      .onSuccess(claims -> verified.put(token, claims));
  }

  /** The public keys as a JWK set, for {@code /.well-known/jwks.json}; empty until the keys arrived. */
  public JsonObject jwks() {
    return ready() ? keys().jwks() : new JsonObject().put("keys", new JsonArray());
  }

  private static Future<Claims> claims(User user, String type) {
    JsonObject principal = user.principal();
    Object login = principal.getValue("sub");
    Object version = principal.getValue("ver");
    // vertx-auth-jwt accepts a token without exp: ours always carry one, so one without is not ours
    if (!(login instanceof String) || !(version instanceof Integer) || !user.attributes().containsKey("exp") || !principal.containsKey("jti")) {
      return Future.failedFuture("the token lacks a claim this service always sets");
    }
    Instant expiresAt = Instant.ofEpochSecond(user.attributes().getLong("exp"));
    if (LEGACY_TYPE.equals(type) && !principal.containsKey("sid") && !principal.containsKey("amr")) {
      return Future.succeededFuture(new Claims((String) login, (Integer) version, expiresAt, null, PASSWORD_ONLY));
    }
    Object sessionId = principal.getValue("sid");
    List<String> amr = amr(principal.getValue("amr"));
    if (!TYPE.equals(type) || !(sessionId instanceof String) || amr.isEmpty()) {
      return Future.failedFuture("not an access token of a session");
    }
    return Future.succeededFuture(new Claims((String) login, (Integer) version, expiresAt, (String) sessionId, amr));
  }

  /** The methods of an {@code amr} claim; empty when it is not an array of strings. */
  private static List<String> amr(Object claim) {
    if (!(claim instanceof JsonArray methods) || methods.isEmpty() || !methods.stream().allMatch(String.class::isInstance)) {
      return List.of();
    }
    return methods.stream().map(String.class::cast).toList();
  }

  /** The {@code typ} of a token's header (the signature, checked already, covers it); null when absent or unreadable. */
  private static String type(String token) {
    try {
      int dot = token.indexOf('.');
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return header.getValue("typ") instanceof String typ ? typ : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
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
