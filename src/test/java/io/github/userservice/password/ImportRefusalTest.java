package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which stored hashes may be imported, and why not. The limits are the defaults: bcrypt cost 14, 2000000 PBKDF2
 * iterations, scrypt 64 MiB and p=4, Argon2 65536 KiB and 10 passes. The reference vectors are those of the
 * Imported*Test classes, where each one's origin is noted.
 */
@DisplayName("Refusing hashes at import")
class ImportRefusalTest {

  private final StoredHashes hashes = new StoredHashes(ServiceConfig.fromJson(new JsonObject()).imports());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2i$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$HO1HIoa3yBUBkh9LAi8t3kGJDEIs5YG9sCKvBvVvQm4",
    "$2y$05$HjXwTxaJcFcPOnZwZf7RbOSJyNqANuPcAZdeL.KZrg5f65Ga2WPHa",
    "$scrypt$ln=16,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo",
    "$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=",
    "$pbkdf2-sha512$25000$P8eYE6KUkhKiFOJ8L8WYcw$aImEee48O7VWH2n18bfuJNHvlqtAIpORrtGnYtO1Q466GndCBQ3p6/WvP8vMaEAqMOBtWSEOAq6i2W.0l6nzpw",
    "$pbkdf2-sha256$i=100000,l=32$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXc$QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI",
    "pbkdf2_sha256$260000$Fnd1uxoLY8P6c7VyIWNDwf$rka8hhMrQ/gCMowRwid6GED7Z2NaVyk0lOL7zaVp380="})
  @DisplayName("a well-formed hash of a supported format within the limits is accepted")
  void accepted(String stored) {
    assertEquals(Optional.empty(), hashes.refusal(stored));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "$2b$15$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy                                 | bcrypt cost 15 is above the limit 14",
    "$pbkdf2-sha256$2000001$fi.lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bckS/FlnxHx6A       | pbkdf2 iteration count 2000001 is above the limit 2000000",
    "$pbkdf2-sha256$i=3000000,l=32$+oNj6RaemSP3zeYALHjCRw$EhvLoHMSmRjxCPJgXW0ZJ2CFrEa9o+Hf0eW9DQD8Ku4 | pbkdf2 iteration count 3000000 is above the limit 2000000",
    "pbkdf2_sha256$2600000$Fnd1uxoLY8P6c7VyIWNDwf$rka8hhMrQ/gCMowRwid6GED7Z2NaVyk0lOL7zaVp380=     | pbkdf2 iteration count 2600000 is above the limit 2000000",
    "$scrypt$ln=17,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo       | scrypt memory 128 MiB is above the limit 64 MiB",
    "$scrypt$ln=16,r=9,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo       | scrypt memory 72 MiB is above the limit 64 MiB",
    "$scrypt$ln=131072,r=8,p=1$bOVoRjxhymeiYKcS2k/eNEPmZBTv3/i3e+5KQ4tBNAA=$Bi8aOK4b6lWFkrNgf0FcHOVKWMULmBu7FeZw+u6SQCA= | scrypt memory 128 MiB is above the limit 64 MiB",
    "$scrypt$ln=4,r=8,p=5$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo        | scrypt parallelism 5 is above the limit 4",
    "$argon2id$v=19$m=65537,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM | argon2id memory 65537 KiB is above the limit 65536 KiB",
    "$argon2i$v=19$m=256,t=11,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw | argon2i iteration count 11 is above the limit 10"})
  @DisplayName("a hash above the limits is refused with its parameter and the limit")
  void aboveLimits(String stored, String reason) {
    assertEquals(Optional.of(reason), hashes.refusal(stored));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "$2b$04$H7/fPk5dlsqL                                                                              | malformed bcrypt hash",
    "$2b$03$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy                                     | malformed bcrypt hash",
    "$2b$32$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy                                     | malformed bcrypt hash",
    "$2b$04$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWM!                                     | malformed bcrypt hash",
    "$argon2id$v=19$m=x                                                                               | malformed argon2 hash",
    "$argon2i$v=18$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw   | malformed argon2 hash",
    "$argon2i$v=19$m=4,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw     | malformed argon2 hash",
    "$argon2i$v=19$m=256,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw   | malformed argon2 hash",
    "$argon2i$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA==$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw | malformed argon2 hash",
    "$argon2i$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCwAB | malformed argon2 hash",
    "$scrypt$ln=0,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo           | malformed scrypt hash",
    "$scrypt$ln=1000,r=8,p=1$bOVoRjxhymeiYKcS2k/eNEPmZBTv3/i3e+5KQ4tBNAA=$Bi8aOK4b6lWFkrNgf0FcHOVKWMULmBu7FeZw+u6SQCA= | malformed scrypt hash",
    "$scrypt$ln=16,r=8,p=1$bOVoRjxhymeiYKcS2k/eNEPmZBTv3/i3e+5KQ4tBNAA=$Bi8aOK4b6lWFkrNgf0FcHOVKWMULmBu7FeZw+u6SQCA=   | malformed scrypt hash",
    "$scrypt$ln=1024,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo        | malformed scrypt hash",
    "$scrypt$ln=4,r=0,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo           | malformed scrypt hash",
    "$scrypt$ln=16,r=1,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo          | malformed scrypt hash",
    "$scrypt$ln=4,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSA                                  | malformed scrypt hash",
    "$scrypt$ln=4,r=8,p=1$2dubE8J4D6H0PiekFALgfA                                                       | malformed scrypt hash",
    "$pbkdf2-sha256$0$fi.lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bckS/FlnxHx6A               | malformed pbkdf2 hash",
    "$pbkdf2-sha256$1000$fi+lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bckS/FlnxHx6A            | malformed pbkdf2 hash",
    "$pbkdf2-sha256$1000$fi.lNCbk/N8755xTilEKwQ$                                                       | malformed pbkdf2 hash",
    "$pbkdf2-sha256$1000$vFeK0XqvFQIgRGgNgZASgg$UT1KXlGX5xHh9HkuBnxRkT3gmpkBOZ0ES7CLIAAhJVzO/GWqPwSoHrKylzx9iN/x.KHj/o37TMFmHn2TChifOg | malformed pbkdf2 hash",
    "$pbkdf2-sha256$i=1000,l=31$+oNj6RaemSP3zeYALHjCRw$EhvLoHMSmRjxCPJgXW0ZJ2CFrEa9o+Hf0eW9DQD8Ku4     | malformed pbkdf2 hash",
    "$pbkdf2-sha256$i=1000$+oNj6RaemSP3zeYALHjCRw$EhvLoHMSmRjxCPJgXW0ZJ2CFrEa9o+Hf0eW9DQD8Ku4          | malformed pbkdf2 hash",
    "pbkdf2_sha256$1000$$rw2OkDGTEqCHzwgsqTOy/9EgRw3l4KkWpaS38XN3sOg=                                  | malformed pbkdf2 hash",
    "pbkdf2_sha256$1000$B62aG4UH0jps1Yr44a4Ki9$rw2OkDGTEqCHzwgsqTOy/9EgRw3l4KkWpaS38XN3sOg            | malformed pbkdf2 hash"})
  @DisplayName("a malformed hash of a supported format is refused as malformed")
  void malformed(String stored, String reason) {
    assertEquals(Optional.of(reason), hashes.refusal(stored));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {
    "",
    "correct horse battery",
    "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8",
    "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",
    "$6$rounds=5000$saltsalt$hash",
    "{SSHA}JFZFs0oHzxbMwkSJmYVeI8MnTDy/276a",
    "$argon2d$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw",
    "$2x$04$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy",
    "$2$04$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy",
    "$pbkdf2$it=1000$c2FsdA$aGFzaA",
    "$pbkdf2$1000$fi.lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bck",
    "pbkdf2_sha1$1000$B62aG4UH0jps1Yr44a4Ki9$rw2OkDGTEqCHzwgsqTOy/9EgRw3=",
    "scrypt$B62aG4UH0jps1Yr44a4Ki9$16384$8$1$rw2OkDGTEqCHzwgsqTOy/9EgRw3l4KkWpaS38XN3sOg=",
    "$sha512$$c2FsdA$aGFzaA"})
  @DisplayName("a hash of any other format is refused as unknown")
  void unknown(String stored) {
    assertEquals(Optional.of("unknown hash format"), hashes.refusal(stored));
  }

  @Test
  @DisplayName("no hash at all is refused as unknown")
  void nothing() {
    assertEquals(Optional.of("unknown hash format"), hashes.refusal(null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "$2y$05$HjXwTxaJcFcPOnZwZf7RbOSJyNqANuPcAZdeL.KZrg5f65Ga2WPHa                           | correct horse battery",
    "$pbkdf2-sha256$1000$fi.lNCbk/N8755xTilEKwQ$6Ic6uvDrV79FI6GEGbisF5BEh52320bckS/FlnxHx6A | correct horse battery",
    "$scrypt$ln=14,r=8,p=1$/l9rDWGMcS7lfC9FiBGiFA$Se9IlBUV0ga+5EgfDL2FgP1QkOZOF2rdLOhFgkYIdAg | correct horse battery",
    "$scrypt$ln=5,r=4,p=3$yRkDgBDCmPP+/3+PsZaS0g$zv6+kRZrn/TPTPqkFy7wQaY/Ci0EBb+cwAQVFTAp9JQ | пароль 🔑 çé",
    "$argon2i$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw | correct horse battery",
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM | correct horse battery"})
  @DisplayName("a stored hash above the limits never matches, even with its password")
  void aboveLimitsNeverMatches(String stored, String password) {
    StoredHashes lowest = new StoredHashes(new ServiceConfig.Imports(4, 999, 1, 1, 128, 1));

    assertTrue(lowest.refusal(stored).isPresent());
    assertFalse(lowest.verify(stored, password));
    assertTrue(hashes.verify(stored, password), "within the default limits it does");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "$2b$31$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy",
    "$pbkdf2-sha512$9999999999$vFeK0XqvFQIgRGgNgZASgg$UT1KXlGX5xHh9HkuBnxRkT3gmpkBOZ0ES7CLIAAhJVzO/GWqPwSoHrKylzx9iN/x.KHj/o37TMFmHn2TChifOg",
    "$scrypt$ln=30,r=8,p=1$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo",
    "$scrypt$ln=4,r=8,p=1024$2dubE8J4D6H0PiekFALgfA$WwRAoYHrjvq3FHgMQSAlO5GtDrbdMAHitG7Mta4LNxo",
    "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2i$v=19$m=256,t=9999999999,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw"})
  @DisplayName("a stored hash far above the limits is refused at once, never computed")
  void planted(String stored) {
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(hashes.verify(stored, "correct horse battery")));
  }
}
