package io.github.userservice.totp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Recovery codes")
class RecoveryCodesTest {

  @Test
  @DisplayName("ten codes of 120 random bits each, 24 base-32 characters in groups of four, all different")
  void generated() {
    List<String> codes = new RecoveryCodes(new SecureRandom()).generate();

    assertEquals(10, codes.size());
    assertEquals(10, new HashSet<>(codes).size());
    assertTrue(RecoveryCodes.BYTES * 8 >= 112);
    codes.forEach(code -> assertTrue(code.matches("[a-z2-7]{4}(-[a-z2-7]{4}){5}"), code));
  }

  @Test
  @DisplayName("typed with other case, spaces or no dashes, a code reads the same; anything else is no code")
  void normalized() {
    String code = new RecoveryCodes(new SecureRandom()).generate().get(0);
    String plain = code.replace("-", "");

    assertEquals(Optional.of(plain), RecoveryCodes.normalize(code.toUpperCase()));
    assertEquals(Optional.of(plain), RecoveryCodes.normalize(code.replace("-", " ")));
    assertEquals(Optional.of(plain), RecoveryCodes.normalize(plain));
    assertEquals(Optional.empty(), RecoveryCodes.normalize(plain.substring(1)));
    assertEquals(Optional.empty(), RecoveryCodes.normalize(plain.substring(1) + "1"), "1 is not base 32");
    assertEquals(64, RecoveryCodes.hash(plain).length(), "SHA-256 in hex");
  }
}
