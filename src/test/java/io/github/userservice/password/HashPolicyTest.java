package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The store's hashing policy")
class HashPolicyTest {

  private static final ServiceConfig.Argon2 CURRENT = new ServiceConfig.Argon2(1024, 2, 1, 16, 32);

  private final HashPolicy policy = new HashPolicy(CURRENT);
  private final PasswordHasher hasher = new PasswordHasher(1, new SimpleMeterRegistry());

  @Test
  @DisplayName("the dummy hash has the current parameters, stays the same and matches no password")
  void dummyHash() {
    PhcString dummy = PhcString.parse(policy.dummyHash());
    PhcString real = PhcString.parse(hasher.hash("correct horse battery", CURRENT));

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
    assertFalse(policy.needsRehash(hasher.hash("correct horse battery", CURRENT)));
    assertFalse(policy.needsRehash(hasher.hash("correct horse battery", new ServiceConfig.Argon2(2048, 3, 2, 32, 64))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "less memory     | 512  | 2 | 1 | 16 | 32",
    "fewer passes    | 1024 | 1 | 1 | 16 | 32",
    "a shorter salt  | 1024 | 2 | 1 | 8  | 32",
    "a shorter hash  | 1024 | 2 | 1 | 16 | 16"})
  @DisplayName("an Argon2id hash weaker than the current parameters is re-hashed")
  void weakerRehashed(String weakness, int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {
    String weaker = hasher.hash("correct horse battery", new ServiceConfig.Argon2(memoryKiB, iterations, parallelism, saltLength, hashLength));

    assertTrue(policy.needsRehash(weaker), weakness);
  }

  @Test
  @DisplayName("another algorithm, or a hash that cannot be read, is re-hashed")
  void otherAlgorithms() {
    assertTrue(policy.needsRehash("$pbkdf2$it=1000$c2FsdA$aGFzaA"));
    assertTrue(policy.needsRehash("$argon2id$v=19$m=x"));
  }
}
