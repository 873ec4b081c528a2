package io.github.userservice.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The client address behind trusted proxies")
class ClientAddressTest {

  private final ClientAddress addresses = new ClientAddress(List.of("127.0.0.0/8", "::1/128", "10.1.2.3"));

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' → {2}")
  @CsvSource(delimiter = '|', value = {
    "203.0.113.9 |                                    | 203.0.113.9",
    "203.0.113.9 | 198.51.100.7                       | 203.0.113.9",
    "127.0.0.1   |                                    | 127.0.0.1",
    "127.0.0.1   | 198.51.100.7                       | 198.51.100.7",
    "::1         | 2001:db8::5                        | 2001:db8::5",
    "127.0.0.1   | 192.0.2.1, 198.51.100.7            | 198.51.100.7",
    "127.0.0.1   | 198.51.100.7, 10.1.2.3             | 198.51.100.7",
    "127.0.0.1   | 127.0.0.5, 10.1.2.3                | 127.0.0.5",
    "127.0.0.1   | not-an-address                     | 127.0.0.1",
    "127.0.0.1   | 198.51.100.7, bogus                | 127.0.0.1",
    "10.1.2.4    | 198.51.100.7                       | 10.1.2.4"})
  @DisplayName("X-Forwarded-For counts only when a trusted proxy sent it, read from the right")
  void resolves(String peer, String forwardedFor, String client) {
    assertEquals(client, addresses.resolve(peer, forwardedFor));
  }
}
