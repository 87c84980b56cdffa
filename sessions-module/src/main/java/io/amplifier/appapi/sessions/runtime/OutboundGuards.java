package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import io.amplifier.appapi.sessions.api.OutboundGuard;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The {@link OutboundPolicy} and its guarded resolver, offered to other modules. */
@Component
class OutboundGuards implements OutboundGuard {

  private final OutboundPolicy policy;
  private final HostResolver hosts;

  /** Made on first use: building it loads Netty, which start-up skips. */
  private volatile @Nullable GuardedAddressResolverGroup resolver;

  OutboundGuards(OutboundPolicy policy, HostResolver hosts) {
    this.policy = policy;
    this.hosts = hosts;
  }

  @Override
  public Optional<String> urlRefusal(String url) {
    return policy.urlRefusal(url);
  }

  @Override
  public AddressResolverGroup<InetSocketAddress> resolver() {
    GuardedAddressResolverGroup known = resolver;
    if (known == null) {
      synchronized (this) {
        known = resolver;
        if (known == null) {
          known = new GuardedAddressResolverGroup(hosts, policy);
          resolver = known;
        }
      }
    }
    return known;
  }
}
