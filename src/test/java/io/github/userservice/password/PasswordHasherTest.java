package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.hashing.HashingStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Password hashing with Argon2id")
class PasswordHasherTest {

  private static final ServiceConfig.Argon2 SMALL = new ServiceConfig.Argon2(256, 1, 1, 16, 32);
  private static final ServiceConfig.Argon2 DEFAULTS = new ServiceConfig.Argon2(19_456, 2, 1, 16, 32);
  private static final ServiceConfig.Imports IMPORT_LIMITS = ServiceConfig.fromJson(new JsonObject()).imports();

  private final PasswordHasher hasher = new PasswordHasher(1, DEFAULTS, IMPORT_LIMITS, new SimpleMeterRegistry());

  @Test
  @DisplayName("a hash is a standard PHC string with the parameters asked for, a 16-byte salt and a 32-byte hash")
  void format() {
    PhcString phc = PhcString.parse(hasher.hash("correct horse battery", SMALL.parameters()));

    assertEquals(256, phc.memoryKiB());
    assertEquals(1, phc.iterations());
    assertEquals(1, phc.parallelism());
    assertEquals(16, Base64.getDecoder().decode(phc.salt()).length);
    assertEquals(32, Base64.getDecoder().decode(phc.hash()).length);
  }

  @Test
  @DisplayName("the right password verifies, a wrong one does not")
  void roundTrip() {
    String stored = hasher.hash("correct horse battery", SMALL.parameters());

    assertTrue(hasher.verify(stored, "correct horse battery"));
    assertFalse(hasher.verify(stored, "correct horse batterY"));
    assertFalse(hasher.verify(stored, ""));
  }

  @Test
  @DisplayName("the same password gets a new salt, hence a new hash, every time")
  void saltedHashes() {
    assertNotEquals(hasher.hash("correct horse battery", SMALL.parameters()), hasher.hash("correct horse battery", SMALL.parameters()));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    // echo -n PASSWORD | argon2 SALT -id -k M -t T -p P -l L -e   (the reference tool, Debian package argon2)
    "correct horse battery | $argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "password              | $argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$FiU+I6KbINfHoMBfkVDnS6qmzxgy7cg41IT8JQoCvvk",
    "пароль 🔑 ok           | $argon2id$v=19$m=256,t=3,p=2$MDEyMzQ1Njc4OWFiY2RlZg$/1pndKZ4Ym4mgxnZeGHSyg"})
  @DisplayName("hashes made by the reference argon2 tool verify, whatever their parameters and length")
  void referenceVectors(String password, String stored) {
    assertTrue(hasher.verify(stored, password.strip()));
    assertFalse(hasher.verify(stored, password.strip() + "x"));
  }

  @Test
  @DisplayName("a hash made with other parameters verifies with the parameters written in it")
  void otherParameters() {
    String old = hasher.hash("correct horse battery", new ServiceConfig.Argon2(512, 3, 2, 8, 16).parameters());

    assertTrue(hasher.verify(old, "correct horse battery"));
  }

  @Test
  @DisplayName("a pbkdf2 hash of vertx-auth-common's hashing strategy does not verify: only the formats of StoredHashes do")
  void vertxHashingStrategy() {
    String salt = Base64.getEncoder().withoutPadding().encodeToString("0123456789abcdef".getBytes());
    String pbkdf2 = HashingStrategy.load().hash("pbkdf2", Map.of("it", "1000"), salt, "correct horse battery");

    assertFalse(hasher.verify(pbkdf2, "correct horse battery"));
  }

  @Test
  @DisplayName("a hash imported from another system verifies through the hasher")
  void imported() {
    // python3 -c 'import bcrypt; print(bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4, b"2b")).decode())'
    String bcrypt = "$2b$04$hdiskD8tbvvJgNLvbEq5M.Ga3KjHjSQZPlSq9pZjH88VPFqD.w.sG";

    assertTrue(hasher.verify(bcrypt, "correct horse battery"));
    assertFalse(hasher.verify(bcrypt, "correct horse batterY"));
  }

  @Test
  @DisplayName("hashes with the hasher's own Argon2 parameters verify even above the import limits")
  void ownParametersAboveImportLimits() {
    ServiceConfig.Imports lowest = new ServiceConfig.Imports(4, 1, 1, 1, 8, 1);
    PasswordHasher strict = new PasswordHasher(1, DEFAULTS, lowest, new SimpleMeterRegistry());

    assertTrue(strict.verify(strict.hash("correct horse battery", DEFAULTS.parameters()), "correct horse battery"));
    assertFalse(strict.verify(hasher.hash("correct horse battery", new ServiceConfig.Argon2(19_460, 2, 1, 16, 32).parameters()), "correct horse battery"));
  }

  @Test
  @DisplayName("a malformed stored hash never matches and never throws")
  void malformedStored() {
    assertFalse(hasher.verify("$argon2id$v=19$m=x", "correct horse battery"));
    assertFalse(hasher.verify("", "correct horse battery"));
    assertFalse(hasher.verify("$unknown$abc$def", "correct horse battery"));
  }

  @Test
  @DisplayName("at the OWASP defaults (m=19456, t=2, p=1) the hash round-trips")
  void defaults() {
    String stored = hasher.hash("correct horse battery", DEFAULTS.parameters());

    assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
    assertTrue(hasher.verify(stored, "correct horse battery"));
  }

  @Test
  @DisplayName("kept memory gives the same hashes: a hasher that reuses its blocks verifies what a fresh one made")
  void reusedBlocks() {
    PasswordHasher fresh = new PasswordHasher(0, DEFAULTS, IMPORT_LIMITS, new SimpleMeterRegistry());
    for (int i = 0; i < 5; i++) {
      String password = "correct horse battery " + i;
      String stored = hasher.hash(password, SMALL.parameters());
      assertTrue(fresh.verify(stored, password));
      assertTrue(hasher.verify(stored, password));
      assertFalse(hasher.verify(stored, password + "x"));
      assertTrue(hasher.verify(PhcStringTest.REFERENCE, "correct horse battery"), "another memory size in between");
    }
  }

  @Test
  @DisplayName("every hash and every verification is timed")
  void timed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PasswordHasher timed = new PasswordHasher(1, DEFAULTS, IMPORT_LIMITS, registry);
    timed.verify(timed.hash("correct horse battery", SMALL.parameters()), "correct horse battery");

    assertEquals(1, registry.get("password.hashing").tag("operation", "hash").timer().count());
    assertEquals(1, registry.get("password.hashing").tag("operation", "verify").timer().count());
  }
}
