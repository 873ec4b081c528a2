package io.github.userservice.password;

import io.vertx.ext.auth.hashing.HashString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("PHC strings for Argon2")
class PhcStringTest {

  // echo -n "correct horse battery" | argon2 saltsaltsaltsalt -id -k 19456 -t 2 -p 1 -l 32 -e   (Debian package argon2)
  static final String REFERENCE = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM";

  @Test
  @DisplayName("a string written by the reference argon2 tool is read field by field")
  void parsesReference() {
    PhcString phc = PhcString.parse(REFERENCE);

    assertTrue(phc.isServiceFormat());
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
  @CsvSource(delimiter = '|', value = {
    "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM | argon2i  | 19",
    "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM | argon2id | 16",
    "$argon2id$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM     | argon2id | 16"})
  @DisplayName("Argon2i, version 16 and the version-less form of libargon2 before 2016 are read, but are not the service's own format")
  void readsOtherVariants(String encoded, String type, int version) {
    PhcString phc = PhcString.parse(encoded);

    assertEquals(List.of(type, version, 19456), List.of(phc.type(), phc.version(), phc.memoryKiB()));
    assertFalse(phc.isServiceFormat());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "$argon2d$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$t=2,m=19456,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA==$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=4,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM$extra",
    "plain text"})
  @DisplayName("anything but a well-formed Argon2id or Argon2i string is refused")
  void refusesMalformed(String encoded) {
    assertThrows(IllegalArgumentException.class, () -> PhcString.parse(encoded));
  }
}
