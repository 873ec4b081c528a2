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
 * passlib's vectors are made by passlib 1.7.4 (Debian 12's python3-passlib, on Python's hashlib.scrypt, i.e. OpenSSL),
 * e.g. {@code python3 -c 'from passlib.hash import scrypt; print(scrypt.using(rounds=4, block_size=8, parallelism=1).hash("correct horse battery"))'}.
 * Kratos's layout ({@code ln} holding N itself, padded base64) comes from Ory Kratos's test suite (Go's x/crypto/scrypt)
 * and from Python's hashlib, as the comment on each says.
 */
@DisplayName("scrypt hashes of other systems")
class ImportedScryptTest {

  private static final String PASSWORD = "correct horse battery";

  private final StoredHashes hashes = new StoredHashes(ServiceConfig.fromJson(new JsonObject()).imports());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // scrypt.using(rounds=4, block_size=8, parallelism=1).hash("correct horse battery")
    "$scrypt$ln=4,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo",
    // scrypt.using(rounds=14, block_size=8, parallelism=1).hash("correct horse battery")   (a realistic cost: 16 MiB)
    "$scrypt$ln=14,r=8,p=1$/l9rDWGMcS7lfC9FiBGiFA$Se9IlBUV0ga+5EgfDL2FgP1QkOZOF2rdLOhFgkYIdAg"})
  @DisplayName("hashes made by passlib, ln being log2 N, verify with their password and not with another")
  void passlib(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }

  @Test
  @DisplayName("a non-ASCII password is hashed as its UTF-8 bytes, with other r and p")
  void utf8() {
    // scrypt.using(rounds=5, block_size=4, parallelism=3).hash("пароль 🔑 çé")
    String stored = "$scrypt$ln=5,r=4,p=3$yRkDgBDCmPP+/3+PsZaS0g$zv6+kRZrn/TPTPqkFy7wQaY/Ci0EBb+cwAQVFTAp9JQ";

    assertTrue(hashes.verify(stored, "пароль 🔑 çé"));
    assertFalse(hashes.verify(stored, "пароль 🔑 ce"));
  }

  @Test
  @DisplayName("Ory Kratos's own vector, ln being N itself, verifies with its password and not with another")
  void kratos() {
    // hash/hasher_test.go of github.com/ory/kratos, password "test" (N=16384: a realistic cost, 16 MiB)
    String stored = "$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=";

    assertTrue(hashes.verify(stored, "test"));
    assertFalse(hashes.verify(stored, "tesu"));
  }

  @Test
  @DisplayName("a hash in Kratos's layout with a small N verifies: from 32 on, ln is read as N")
  void kratosLayoutSmallN() {
    // python3: s = os.urandom(32); "$scrypt$ln=1024,r=8,p=1$%s$%s" % (b64encode(s), b64encode(hashlib.scrypt(
    //   b"correct horse battery", salt=s, n=1024, r=8, p=1, dklen=32)))
    String stored = "$scrypt$ln=1024,r=8,p=1$bOVoRjxhymeiYKcS2k/eNEPmZBTv3/i3e+5KQ4tBNAA=$Bi8aOK4b6lWFkrNgf0FcHOVKWMULmBu7FeZw+u6SQCA=";

    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }
}
