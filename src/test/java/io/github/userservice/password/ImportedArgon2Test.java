package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vectors made by the reference {@code argon2} command-line tool (Debian 12's package argon2, libargon2 20171227),
 * each with the command that made it, and one from Ory Kratos's test suite (Go's x/crypto/argon2).
 */
@DisplayName("Argon2i and older Argon2 hashes of other systems")
class ImportedArgon2Test {

  private static final String PASSWORD = "correct horse battery";
  private static final ServiceConfig.Imports LIMITS = ServiceConfig.fromJson(new JsonObject()).imports();

  private final StoredHashes hashes = new StoredHashes(LIMITS, new Argon2idAlgorithm(1, 256));

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -i -k 256 -t 2 -p 1 -l 32 -e
    "$argon2i$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw",
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -i -k 256 -t 2 -p 2 -l 32 -v 10 -e
    "$argon2i$v=16$m=256,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$17DZDydYHtOvR5hGsTif7gagL03VMypTkZ5mphLZgVk",
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -id -k 256 -t 2 -p 1 -l 32 -v 10 -e
    "$argon2id$v=16$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$sz1xsZn1QrX+9HcFe7QpRByCyBGuWKxxLw7UReC+UXk",
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -i -k 256 -t 2 -p 1 -l 32 -v 10 -e | sed 's/v=16\$//'
    // (the form without a version segment; python3-argon2's argon2.low_level.verify_secret(..., Type.I) accepts it)
    "$argon2i$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$HO1HIoa3yBUBkh9LAi8t3kGJDEIs5YG9sCKvBvVvQm4",
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -i -k 19456 -t 2 -p 1 -l 32 -e   (a realistic cost)
    "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$PuJeVc0rNn0/KicMyYb3KNfet+0ba+A+uBsMYX9J9z0"})
  @DisplayName("hashes made by the reference argon2 tool verify with their password and not with another")
  void referenceVectors(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }

  @Test
  @DisplayName("a non-ASCII password is hashed as its UTF-8 bytes")
  void utf8() {
    // echo -n 'пароль 🔑 çé' | argon2 0123456789abcdef -i -k 512 -t 3 -p 2 -l 16 -e
    String stored = "$argon2i$v=19$m=512,t=3,p=2$MDEyMzQ1Njc4OWFiY2RlZg$s2D05UpYRqVYLKJ/YhdC0g";

    assertTrue(hashes.verify(stored, "пароль 🔑 çé"));
    assertFalse(hashes.verify(stored, "пароль 🔑 ce"));
  }

  @Test
  @DisplayName("an Argon2id hash with other parameters than ours verifies: Ory Kratos's, four lanes")
  void kratosArgon2id() {
    // hash/hasher_test.go of github.com/ory/kratos, password "test"
    String stored = "$argon2id$v=19$m=32,t=5,p=4$cm94YnRVOW5jZzFzcVE4bQ$fBxypOL0nP/zdPE71JtAV71i487LbX3fJI5PoTN6Lp4";

    assertTrue(hashes.verify(stored, "test"));
    assertFalse(hashes.verify(stored, "tesT"));
  }

  @Test
  @DisplayName("an Argon2id hash larger than the kept memory verifies with fresh memory, and the kept memory still serves")
  void largerThanKeptMemory() {
    assertTrue(hashes.verify(PhcStringTest.REFERENCE, PASSWORD), "m=19456, above the 256 KiB kept");
    // echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -id -k 256 -t 2 -p 1 -l 32 -e
    String small = "$argon2id$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$v0/ZTOxV78xg1TKmyyHLURRHSC4pD5sHY4trgMa37ig";
    assertTrue(hashes.verify(small, PASSWORD));
    assertFalse(hashes.verify(small, PASSWORD + "x"));
    assertTrue(hashes.verify(PhcStringTest.REFERENCE, PASSWORD));
  }
}
