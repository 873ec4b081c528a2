package io.github.userservice.security;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Decides who is calling, once per request, for logs and throttling: the TCP peer, or, when the peer is one
 * of the trusted proxies, the address that proxy put in {@code X-Forwarded-For}. The header is read from the
 * right, skipping further trusted proxies, so a client cannot choose its own address by sending the header
 * itself: from an untrusted peer the header is ignored, and through nginx only the hop nginx added counts.
 */
public final class ClientAddress implements Handler<RoutingContext> {

  private static final String KEY = "user-service.client-address";
  private static final String PROXIED_KEY = "user-service.proxied";

  private final List<IpSubnetFilterRule> trustedProxies;

  /** @param trustedProxies IP addresses or CIDR ranges, already checked by the configuration */
  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies.stream().map(ClientAddress::rule).toList();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /**
   * Whether the request came through a trusted proxy (it names the client in {@code X-Forwarded-For}), whose
   * connection carries other clients' requests too.
   */
  public static boolean proxied(RoutingContext ctx) {
    return ctx.get(PROXIED_KEY, false);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress().hostAddress();
    String forwardedFor = ctx.request().getHeader("X-Forwarded-For");
    ctx.put(KEY, resolve(peer, forwardedFor));
    ctx.put(PROXIED_KEY, forwardedFor != null && isTrusted(peer));
    ctx.next();
  }

  String resolve(String peer, String forwardedFor) {
    String client = peer;
    if (forwardedFor == null || !isTrusted(client)) {
      return client;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      String hop = hops[i].trim();
      if (!NetUtil.isValidIpV4Address(hop) && !NetUtil.isValidIpV6Address(hop)) {
        break;
      }
      client = hop;
    }
    return client;
  }

  private boolean isTrusted(String address) {
    InetAddress parsed = NetUtil.createInetAddressFromIpAddressString(address);
    if (parsed == null) {
      return false;
    }
    InetSocketAddress socketAddress = new InetSocketAddress(parsed, 0);
    return trustedProxies.stream().anyMatch(rule -> rule.matches(socketAddress));
  }

  private static IpSubnetFilterRule rule(String entry) {
    int slash = entry.indexOf('/');
    if (slash < 0) {
      InetAddress address = NetUtil.createInetAddressFromIpAddressString(entry);
      return new IpSubnetFilterRule(address, address.getAddress().length * 8, IpFilterRuleType.ACCEPT);
    }
    return new IpSubnetFilterRule(entry.substring(0, slash), Integer.parseInt(entry.substring(slash + 1)), IpFilterRuleType.ACCEPT);
  }
}
