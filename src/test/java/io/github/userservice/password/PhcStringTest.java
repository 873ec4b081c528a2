package io.github.userservice.password;

import io.vertx.ext.auth.hashing.HashString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("PHC strings for Argon2id")
class PhcStringTest {

  // echo -n "correct horse battery" | argon2 saltsaltsaltsalt -id -k 19456 -t 2 -p 1 -l 32 -e   (Debian package argon2)
  static final String REFERENCE = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM";

  @Test
  @DisplayName("a string written by the reference argon2 tool is read field by field")
  void parsesReference() {
    PhcString phc = PhcString.parse(REFERENCE);

    assertEquals(19456, phc.memoryKiB());
    assertEquals(2, phc.iterations());
    assertEquals(1, phc.parallelism());
    assertEquals("c2FsdHNhbHRzYWx0c2FsdA", phc.salt());
    assertEquals("iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM", phc.hash());
  }

  @Test
  @DisplayName("formatting gives back the reference string exactly")
  void roundTrip() {
    assertEquals(REFERENCE, PhcString.parse(REFERENCE).toString());
  }

  @Test
  @DisplayName("vertx-auth-common's HashString misreads the standard string, which is why this codec exists")
  void vertxHashStringMisreadsVersion() {
    HashString misread = new HashString(REFERENCE);

    assertNotEquals("19456", misread.param("m"));
    assertEquals("19", misread.param("v"));
  }

  @Test
  @DisplayName("the layout for vertx-auth-common drops the version segment and is read correctly")
  void vertxLayout() {
    HashString vertx = new HashString(PhcString.parse(REFERENCE).toVertxHashString());

    assertEquals("19456", vertx.param("m"));
    assertEquals("c2FsdHNhbHRzYWx0c2FsdA", vertx.salt());
    assertEquals("iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM", vertx.hash());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$t=2,m=19456,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA==$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=4,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM$extra",
    "plain text"})
  @DisplayName("anything but a well-formed Argon2id v19 string is refused")
  void refusesMalformed(String encoded) {
    assertThrows(IllegalArgumentException.class, () -> PhcString.parse(encoded));
  }
}
