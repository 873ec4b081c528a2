package io.github.userservice.throttle;

import io.netty.util.NetUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a client address is counted under: an IPv4 address as it is; an IPv6 address by its /64, since any host
 * is given a whole /64 and can rotate through it at will. An IPv4 address mapped into IPv6 counts as the IPv4
 * address. Anything else (never from the edge) is counted as given.
 */
public final class AddressKey {

  private AddressKey() {
  }

  public static String of(String address) {
    InetAddress parsed = NetUtil.createInetAddressFromIpAddressString(address);
    if (!(parsed instanceof Inet6Address)) {
      return parsed == null ? address : parsed.getHostAddress();
    }
    byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return NetUtil.toAddressString(InetAddress.getByAddress(prefix)) + "/64";
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", impossible);
    }
  }
}
