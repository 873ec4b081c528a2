package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vectors of the three layouts, each from the software that writes it (or its own test suite), with the command:
 * passlib 1.7.4 (Debian 12's python3-passlib), Django 3.2.25 (Debian 12's python3-django), Ory Kratos's test suite
 * (Go's x/crypto/pbkdf2) and Python's hashlib in Kratos's layout.
 */
@DisplayName("PBKDF2 hashes of other systems")
class ImportedPbkdf2Test {

  private static final String PASSWORD = "correct horse battery";

  private final StoredHashes hashes = new StoredHashes(ServiceConfig.fromJson(new JsonObject()).imports());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.using(rounds=1000).hash("correct horse battery"))'
    "$pbkdf2-sha256$1000$fi.lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bckS/FlnxHx6A",
    // python3 -c 'from passlib.hash import pbkdf2_sha512; print(pbkdf2_sha512.using(rounds=1000).hash("correct horse battery"))'
    "$pbkdf2-sha512$1000$vFeK0XqvFQIgRGgNgZASgg$UT1KXlGX5xHh9HkuBnxRkT3gmpkBOZ0ES7CLIAAhJVzO/GWqPwSoHrKylzx9iN/x.KHj/o37TMFmHn2TChifOg",
    // python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.hash("correct horse battery"))'   (its default, 29000)
    "$pbkdf2-sha256$29000$BQAgRMgZo9QaI8Q4p5Sylg$DaMuJEbgPI8BOSICwSMRfdyMgoGvXB.OZvY6tO3sN2c",
    // python3 -c 'from passlib.hash import pbkdf2_sha512; print(pbkdf2_sha512.hash("correct horse battery"))'   (its default, 25000)
    "$pbkdf2-sha512$25000$P8eYE6KUkhKiFOJ8L8WYcw$aImEee48O7VWH2n18bfuJNHvlqtAIpORrtGnYtO1Q466GndCBQ3p6/WvP8vMaEAqMOBtWSEOAq6i2W.0l6nzpw"})
  @DisplayName("hashes made by passlib verify with their password and not with another")
  void passlib(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // from django.contrib.auth.hashers import PBKDF2PasswordHasher; h = PBKDF2PasswordHasher()
    // h.encode("correct horse battery", h.salt(), 1000)
    "pbkdf2_sha256$1000$B62aG4UH0jps1Yr44a4Ki9$rw2OkDGTEqCHzwgsqTOy/9EgRw3l4KkWpaS38XN3sOg=",
    // h.encode("correct horse battery", h.salt())   (Django 3.2's default, 260000)
    "pbkdf2_sha256$260000$Fnd1uxoLY8P6c7VyIWNDwf$rka8hhMrQ/gCMowRwid6GED7Z2NaVyk0lOL7zaVp380="})
  @DisplayName("hashes made by Django, whose salt is text, verify with their password and not with another")
  void django(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // hash/hasher_test.go of github.com/ory/kratos, password "test"
    "$pbkdf2-sha256$i=100000,l=32$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXc$QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI",
    // the same, SHA-512 with a 32-byte hash
    "$pbkdf2-sha512$i=100000,l=32$bdHBpn7OWOivJMVJypy2UqR0UnaD5prQXRZevj/05YU$+wArTfv1a+bNGO1iZrmEdVjhA+lL11wF4/IxpgYfPwc"})
  @DisplayName("Ory Kratos's own vectors verify with their password and not with another")
  void kratos(String stored) {
    assertTrue(hashes.verify(stored, "test"));
    assertFalse(hashes.verify(stored, "tesu"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // python3: s = os.urandom(16); "$pbkdf2-sha256$i=1000,l=32$%s$%s" % (raw(s), raw(hashlib.pbkdf2_hmac("sha256",
    //   b"correct horse battery", s, 1000, 32))), raw being b64encode without its "=" padding, as Kratos's Generate writes it
    "$pbkdf2-sha256$i=1000,l=32$+oNj6RaemSP3zeYALHjCRw$EhvLoHMSmRjxCPJgXW0ZJ2CFrEa9o+Hf0eW9DQD8Ku4",
    // the same with "sha512" and a 64-byte hash
    "$pbkdf2-sha512$i=1000,l=64$vpN5IfGekuzDGyYpEmfdjg$Z2BGP/kFKuKuTLfRN561nfLrPzUZUM0HSdnzpyi0X9SumrzHYYWcfjRLYb478vPV4q0YoW5q+gX4a4Qaanj7AQ"})
  @DisplayName("hashes in Kratos's layout made by Python's hashlib verify with their password and not with another")
  void kratosLayout(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // pbkdf2_sha256.using(rounds=1000).hash("пароль 🔑 çé")   (passlib)
    "$pbkdf2-sha256$1000$gbDWeq81htC6FwLgnHPOeQ$d6Sv0i8jP/krhXH6mByv347uZV/2bEJNXCJVXcL1syU",
    // h.encode("пароль 🔑 çé", h.salt(), 1000)   (Django)
    "pbkdf2_sha256$1000$XhrwI7gLTKC0WAzgeMXMPX$VRLwfc72Tk3H88DAsWsxM9ix7XA3FLGR734vO/Ob9vA="})
  @DisplayName("a non-ASCII password is hashed as its UTF-8 bytes")
  void utf8(String stored) {
    assertTrue(hashes.verify(stored, "пароль 🔑 çé"));
    assertFalse(hashes.verify(stored, "пароль 🔑 ce"));
  }
}
