package io.github.userservice.keyring;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.support.Backend;
import io.github.userservice.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("The token signing key ring, where the store keeps it")
class KeyRingTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

  @Parameter
  Backend backend;

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private Dialect database;
  private ServiceConfig.Tokens tokens;

  @BeforeEach
  void open(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
      .put("db", backend.db(dir))
      .put("tokens", new JsonObject().put("keysPath", dir.resolve("data/keys.json").toString())));
    this.database = Dialect.of(config.db());
    this.tokens = config.tokens();
    database.prepare(vertx).await();
  }

  /** A keeper's view of the ring; each call is another keeper, as every store node has one. */
  private KeyRingStorage keeper() {
    return KeyRingStorage.of(tokens, database.sharedStatePool(vertx), clock);
  }

  @Test
  @DisplayName("the first load makes one key and stores it; later loads, by any keeper, read the same key")
  void persists() {
    KeyRing first = keeper().load().await();

    assertEquals(1, first.keys().size());
    assertEquals(first, keeper().load().await());
  }

  @Test
  @DisplayName("a rotation signs with a new key and keeps the previous one while its tokens may live")
  void rotationKeepsPreviousKey() {
    SigningKey old = keeper().load().await().current();

    KeyRing rotated = keeper().update(ring -> ring.rotated(clock.instant(), TOKEN_LIFETIME)).await();

    assertNotEquals(old.kid(), rotated.current().kid());
    assertEquals(List.of(rotated.current(), old), rotated.keys());
    assertEquals(rotated, keeper().load().await(), "stored");
  }

  @Test
  @DisplayName("a key retired longer ago than the token lifetime is dropped at the next rotation")
  void retiredKeysExpire() {
    KeyRing ring = KeyRing.first(clock.instant());
    SigningKey first = ring.current();
    ring = ring.rotated(clock.instant(), TOKEN_LIFETIME);
    clock.advance(TOKEN_LIFETIME.plusSeconds(1));

    ring = ring.rotated(clock.instant(), TOKEN_LIFETIME);

    assertFalse(ring.keys().contains(first));
    assertEquals(2, ring.keys().size());
  }

  @Test
  @DisplayName("a key is due for rotation once it is old enough")
  void rotationByAge() {
    KeyRing ring = KeyRing.first(clock.instant());

    assertFalse(ring.dueForRotation(Duration.ofDays(30), clock.instant().plus(Duration.ofDays(30)).minusSeconds(1)));
    assertTrue(ring.dueForRotation(Duration.ofDays(30), clock.instant().plus(Duration.ofDays(30))));
  }

  @Test
  @DisplayName("keepers rotating at the same moment take turns: every new key is kept, none is lost")
  void concurrentRotations() {
    keeper().load().await();
    List<Future<KeyRing>> rotations = List.of(
      keeper().update(ring -> ring.rotated(clock.instant(), TOKEN_LIFETIME)),
      keeper().update(ring -> ring.rotated(clock.instant(), TOKEN_LIFETIME)),
      keeper().update(ring -> ring.rotated(clock.instant(), TOKEN_LIFETIME)));
    Set<String> signedBy = new HashSet<>();
    rotations.forEach(rotation -> signedBy.add(rotation.await().current().kid()));

    KeyRing stored = keeper().load().await();
    assertEquals(3, signedBy.size(), "each rotation made its own key");
    assertEquals(4, stored.keys().size(), "the first key and the three new ones");
    assertTrue(stored.keys().stream().map(SigningKey::kid).toList().containsAll(signedBy));
  }

  @Test
  @DisplayName("the published form of a key has no private part, and toString hides it")
  void publicForm() {
    SigningKey key = SigningKey.generate(clock.instant());

    assertTrue(key.privateJwk().containsKey("d"));
    assertFalse(key.publicJwk().containsKey("d"));
    assertFalse(key.toString().contains(key.privateJwk().getString("d")));
    assertEquals(43, key.kid().length(), "base64url of a SHA-256 thumbprint");
  }
}
