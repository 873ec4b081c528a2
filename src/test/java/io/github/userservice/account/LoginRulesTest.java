package io.github.userservice.account;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Login rules")
class LoginRulesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "Alice@Example.com, alice@example.com",
    "ＡＬＩＣＥ, alice",
    "İstanbul, i̇stanbul",
    "ﬁsh, fish",
    "bob.smith+tag_1-x, bob.smith+tag_1-x"})
  @DisplayName("the canonical form is NFKC, then lower case independent of the locale")
  void canonical(String login, String canonical) {
    assertEquals(canonical, LoginRules.canonical(login));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bob", "alice@example.com", "zoë", "用户名", "a.b_c-d+e@f", "x123"})
  @DisplayName("letters, digits and . _ - @ + of 3 to 64 characters are valid")
  void valid(String login) {
    assertTrue(LoginRules.check(LoginRules.canonical(login)).isEmpty());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"ab", "bob smith", "bob/..", "bob\u0000", "<script>", "bob%40", "a\tb", "emoji🙂"})
  @DisplayName("anything else is refused")
  void invalid(String login) {
    assertEquals("login", LoginRules.check(LoginRules.canonical(login)).orElseThrow().field());
  }
}
