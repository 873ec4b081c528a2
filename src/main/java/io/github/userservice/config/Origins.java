package io.github.userservice.config;

import io.netty.util.NetUtil;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browser origins written in the configuration, turned into the exact text a browser sends in {@code Origin}
 * (the WHATWG serialization: {@code scheme://host[:port]}, scheme and host in lower case, no default port), so that
 * a request's origin is then compared with plain string equality. Anything a browser never sends as an origin is
 * refused: {@code *} and other wildcards, paths (even a trailing slash), queries, fragments, user information,
 * schemes other than {@code http} and {@code https}, and host or port spellings a browser would rewrite.
 */
final class Origins {

  private static final Pattern SCHEME_AND_REST = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
  /** Dot-separated labels of ASCII letters, digits, hyphens and underscores: no empty label, no trailing dot. */
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_-]+(?:\\.[a-z0-9_-]+)*");
  private static final Pattern CANONICAL_IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
    + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  /** A host whose last label is a number (or hex) is an IPv4 address to a browser, which would rewrite it. */
  private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:.*\\.)?(?:[0-9]+|0x[0-9a-f]*)");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private Origins() {
  }

  /**
   * The origin as a browser serializes it: {@code HTTPS://App.Example.com:443} gives {@code https://app.example.com}.
   *
   * @throws IllegalArgumentException saying why the entry is not an origin (the caller names the key)
   */
  static String normalize(String entry) {
    if (entry.contains("*")) {
      throw new IllegalArgumentException("is a wildcard: list each origin, scheme://host[:port]");
    }
    Matcher parts = SCHEME_AND_REST.matcher(entry);
    if (!parts.matches()) {
      throw new IllegalArgumentException("is not an origin, scheme://host[:port]");
    }
    String scheme = parts.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("is not an http or https origin");
    }
    String authority = authority(parts.group(2));
    int portAt = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
    if (portAt <= 0) {
      portAt = authority.startsWith("[") ? 0 : authority.length();
    }
    String host = host(authority.substring(0, portAt));
    String port = portAt == authority.length() ? null : port(authority.substring(portAt), scheme);
    return scheme + "://" + host + (port == null ? "" : ":" + port);
  }

  /** What follows {@code scheme://}, refused if it goes on past the port. */
  private static String authority(String rest) {
    if (rest.contains("@")) {
      throw new IllegalArgumentException("has user information: an origin is scheme://host[:port]");
    }
    for (int i = 0; i < rest.length(); i++) {
      switch (rest.charAt(i)) {
        case '/':
          throw new IllegalArgumentException(i == rest.length() - 1
            ? "ends with a slash: an origin has no path, write scheme://host[:port]"
            : "has a path: an origin is scheme://host[:port]");
        case '?':
          throw new IllegalArgumentException("has a query: an origin is scheme://host[:port]");
        case '#':
          throw new IllegalArgumentException("has a fragment: an origin is scheme://host[:port]");
        default:
          break;
      }
    }
    return rest;
  }

  private static String host(String text) {
    if (text.startsWith("[")) {
      String address = text.endsWith("]") ? text.substring(1, text.length() - 1) : "";
      if (address.contains("%") || !NetUtil.isValidIpV6Address(address)) {
        throw new IllegalArgumentException("has a malformed IPv6 address");
      }
      // the compressed, lower-case form browsers send: [2001:DB8:0::1] is [2001:db8::1]
      return "[" + NetUtil.bytesToIpAddress(NetUtil.createByteArrayFromIpAddressString(address)) + "]";
    }
    String host = text.toLowerCase(Locale.ROOT);
    if (host.chars().anyMatch(c -> c > 0x7f)) {
      throw new IllegalArgumentException("has a non-ASCII host: write it as browsers send it, in punycode (xn--...)");
    }
    if (!HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("has a malformed host");
    }
    if (NUMERIC_LAST_LABEL.matcher(host).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
      throw new IllegalArgumentException("has a malformed IPv4 address: write four decimal numbers without leading zeros");
    }
    return host;
  }

  /** The port after its colon, or null for the scheme's default port, which browsers leave out. */
  private static String port(String text, String scheme) {
    String digits = text.substring(1);
    if (!text.startsWith(":") || !PORT.matcher(digits).matches()) {
      throw new IllegalArgumentException("has a malformed port");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("has a port out of range");
    }
    boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
    return defaultPort ? null : Integer.toString(port);
  }
}
