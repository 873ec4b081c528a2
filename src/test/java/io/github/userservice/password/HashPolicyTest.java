package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The store's hashing policy")
class HashPolicyTest {

  private static final ServiceConfig.Argon2 CURRENT = new ServiceConfig.Argon2(1024, 2, 1, 16, 32);

  private final HashPolicy policy = new HashPolicy(CURRENT);
  private final PasswordHasher hasher = new PasswordHasher(1, CURRENT, ServiceConfig.fromJson(new JsonObject()).imports(), new SimpleMeterRegistry());

  @Test
  @DisplayName("the dummy hash has the current parameters, stays the same and matches no password")
  void dummyHash() {
    PhcString dummy = PhcString.parse(policy.dummyHash());
    PhcString real = PhcString.parse(hasher.hash("correct horse battery", CURRENT.parameters()));

    assertEquals(List.of(real.memoryKiB(), real.iterations(), real.parallelism()), List.of(dummy.memoryKiB(), dummy.iterations(), dummy.parallelism()));
    assertEquals(real.salt().length(), dummy.salt().length());
    assertEquals(real.hash().length(), dummy.hash().length());
    assertEquals(policy.dummyHash(), policy.dummyHash());
    assertFalse(hasher.verify(policy.dummyHash(), "correct horse battery"));
    assertFalse(hasher.verify(policy.dummyHash(), ""));
  }

  @Test
  @DisplayName("a hash with the current parameters, or stronger ones, is kept")
  void currentKept() {
    assertFalse(policy.needsRehash(hasher.hash("correct horse battery", CURRENT.parameters())));
    assertFalse(policy.needsRehash(hasher.hash("correct horse battery", new ServiceConfig.Argon2(2048, 3, 2, 32, 64).parameters())));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "less memory     | 512  | 2 | 1 | 16 | 32",
    "fewer passes    | 1024 | 1 | 1 | 16 | 32",
    "a shorter salt  | 1024 | 2 | 1 | 8  | 32",
    "a shorter hash  | 1024 | 2 | 1 | 16 | 16"})
  @DisplayName("an Argon2id hash weaker than the current parameters is re-hashed")
  void weakerRehashed(String weakness, int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {
    String weaker = hasher.hash("correct horse battery", new ServiceConfig.Argon2(memoryKiB, iterations, parallelism, saltLength, hashLength).parameters());

    assertTrue(policy.needsRehash(weaker), weakness);
  }

  @Test
  @DisplayName("another algorithm, or a hash that cannot be read, is re-hashed")
  void otherAlgorithms() {
    assertTrue(policy.needsRehash("$pbkdf2$it=1000$c2FsdA$aGFzaA"));
    assertTrue(policy.needsRehash("$argon2id$v=19$m=x"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$PuJeVc0rNn0/KicMyYb3KNfet+0ba+A+uBsMYX9J9z0",
    "$argon2id$v=16$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$sz1xsZn1QrX+9HcFe7QpRByCyBGuWKxxLw7UReC+UXk",
    "$argon2i$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$HO1HIoa3yBUBkh9LAi8t3kGJDEIs5YG9sCKvBvVvQm4",
    "$2a$04$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy",
    "$2b$10$Xjq/qPOcphL0.B.YI6q5AePBv.UZR14AJI1nbibMMIYW.Qx0mLk5a",
    "$2y$05$HjXwTxaJcFcPOnZwZf7RbOSJyNqANuPcAZdeL.KZrg5f65Ga2WPHa",
    "$scrypt$ln=14,r=8,p=1$/l9rDWGMcS7lfC9FiBGiFA$Se9IlBUV0ga+5EgfDL2FgP1QkOZOF2rdLOhFgkYIdAg",
    "$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=",
    "$pbkdf2-sha256$29000$BQAgRMgZo9QaI8Q4p5Sylg$DaMuJEbgPI8BOSICwSMRfdyMgoGvXB.OZvY6tO3sN2c",
    "$pbkdf2-sha512$i=100000,l=32$bdHBpn7OWOivJMVJypy2UqR0UnaD5prQXRZevj/05YU$+wArTfv1a+bNGO1iZrmEdVjhA+lL11wF4/IxpgYfPwc",
    "pbkdf2_sha256$260000$Fnd1uxoLY8P6c7VyIWNDwf$rka8hhMrQ/gCMowRwid6GED7Z2NaVyk0lOL7zaVp380="})
  @DisplayName("a hash imported from another system, of any format that verifies, is re-hashed")
  void importedRehashed(String imported) {
    assertTrue(policy.needsRehash(imported));
  }
}
