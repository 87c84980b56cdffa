package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Netty address resolution for provider calls: names are looked up through the {@link
 * HostResolver}, IP literals are taken as they are, and every resulting address must pass the
 * {@link OutboundPolicy} or the connect fails before a socket is opened. No address counts as
 * already resolved, so literals cannot skip the check, and a name re-resolved later (DNS rebinding)
 * is checked again at that connect.
 */
final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  private final HostResolver hosts;
  private final OutboundPolicy policy;

  GuardedAddressResolverGroup(HostResolver hosts, OutboundPolicy policy) {
    this.hosts = hosts;
    this.policy = policy;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
      @Override
      protected boolean doIsResolved(InetSocketAddress address) {
        return false;
      }

      @Override
      protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
        try {
          promise.setSuccess(checked(address).get(0));
        } catch (IOException | RuntimeException e) {
          promise.setFailure(e);
        }
      }

      @Override
      protected void doResolveAll(
          InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
        try {
          promise.setSuccess(checked(address));
        } catch (IOException | RuntimeException e) {
          promise.setFailure(e);
        }
      }
    };
  }

  /** Every address of {@code target}, each allowed by the policy; else the refusal. */
  List<InetSocketAddress> checked(InetSocketAddress target) throws IOException {
    String host = OutboundPolicy.host(target.getHostString());
    InetAddress literal =
        target.getAddress() != null ? target.getAddress() : OutboundPolicy.literal(host);
    List<InetAddress> addresses = literal != null ? List.of(literal) : hosts.resolve(host);
    if (addresses.isEmpty()) {
      throw new OutboundRefusedException("a host without addresses");
    }
    List<InetSocketAddress> result = new ArrayList<>();
    for (InetAddress address : addresses) {
      Optional<String> refusal = policy.addressRefusal(host, address, target.getPort());
      if (refusal.isPresent()) {
        throw new OutboundRefusedException(refusal.get());
      }
      result.add(new InetSocketAddress(address, target.getPort()));
    }
    return result;
  }
}
