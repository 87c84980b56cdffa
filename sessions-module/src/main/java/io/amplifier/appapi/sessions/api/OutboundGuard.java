package io.amplifier.appapi.sessions.api;

import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The one outbound policy (private, loopback, link-local addresses refused unless the operator
 * allows them in {@code PROVIDER_ALLOWED_HOSTS}) for other modules' outbound HTTP: a check of the
 * URL alone, at write time, and a Netty resolver that checks every resolved address at connect time
 * (so a name re-resolved later, DNS rebinding, is checked again).
 */
public interface OutboundGuard {

  /** Why {@code url} is refused on its face (scheme, credentials, a refused literal), or empty. */
  Optional<String> urlRefusal(String url);

  /** A resolver group that fails a connect to any refused address before a socket opens. */
  AddressResolverGroup<InetSocketAddress> resolver();
}
