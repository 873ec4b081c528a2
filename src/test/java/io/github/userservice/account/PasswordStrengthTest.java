package io.github.userservice.account;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Password strength (zxcvbn)")
class PasswordStrengthTest {

  private final PasswordStrength strength = new PasswordStrength(8);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"password123", "12345678", "qwertyuiop", "iloveyou1", "Password1!", "aaaaaaaaaaaa", "20261125"})
  @DisplayName("common and guessable passwords are refused, with zxcvbn's feedback")
  void refused(String password) {
    String feedback = strength.weakness(password, "bob").orElseThrow();

    assertTrue(feedback.startsWith("This password is too easy to guess."), feedback);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"correct horse battery staple", "correct horse battery", "Tr0ub4dor&3 is old", "ｃｏｒｒｅｃｔ horse 🐎 battery"})
  @DisplayName("long passphrases are accepted")
  void accepted(String password) {
    assertTrue(strength.weakness(PasswordPolicy.normalize(password), "bob").isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alice@example.com", "alice@example.com1", "Alice2026!", "example.com", "aliceexample"})
  @DisplayName("the login and trivial variants of it are refused")
  void loginVariants(String password) {
    assertTrue(strength.weakness(password, "alice@example.com").isPresent(), password);
  }

  @Test
  @DisplayName("a threshold of 0 switches the estimate off")
  void switchedOff() {
    assertTrue(new PasswordStrength(0).weakness("12345678", "bob").isEmpty());
  }

  @Test
  @DisplayName("a long password is judged by its first 64 characters, which bounds zxcvbn's time")
  void longPasswords() {
    String strongTail = "correct horse battery staple";

    assertTrue(strength.weakness(strongTail, "bob").isEmpty());
    assertTrue(strength.weakness("a".repeat(64) + strongTail, "bob").isPresent());
  }
}
