package io.github.userservice.throttle;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Client addresses are counted by their key")
class AddressKeyTest {

  @ParameterizedTest(name = "{0} counts as {1}")
  @CsvSource({
    "203.0.113.7, 203.0.113.7",
    "2001:db8:1:2::1, 2001:db8:1:2::/64",
    "2001:db8:1:2:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
    "2001:0DB8:0001:0002:0000:0000:0000:0001, 2001:db8:1:2::/64",
    "::1, ::/64",
    "::ffff:203.0.113.7, 203.0.113.7",
    "not an address, not an address"})
  void keys(String address, String key) {
    assertEquals(key, AddressKey.of(address));
  }
}
