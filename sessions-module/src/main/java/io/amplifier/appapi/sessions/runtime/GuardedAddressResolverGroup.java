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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty address resolution for provider calls: names are looked up through the {@link
 * HostResolver}, IP literals are taken as they are, and every resulting address must pass the
 * {@link OutboundPolicy} or the connect fails before a socket is opened. No address counts as
 * already resolved, so literals cannot skip the check, and a name re-resolved later (DNS rebinding)
 * is checked again at that connect. Name lookups block, so they run on a small pool of their own
 * ({@value #LOOKUP_THREADS} threads, {@value #LOOKUP_QUEUE} waiting), never on Netty's shared event
 * loops, and one that takes longer than its limit fails the connect: a slow DNS server stalls only
 * the calls that wait for it.
 */
final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  static final int LOOKUP_THREADS = 8;
  static final int LOOKUP_QUEUE = 256;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService LOOKUPS =
      new ThreadPoolExecutor(
          LOOKUP_THREADS,
          LOOKUP_THREADS,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(LOOKUP_QUEUE),
          r -> {
            Thread t = new Thread(r, "outbound-dns-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  static {
    ((ThreadPoolExecutor) LOOKUPS).allowCoreThreadTimeOut(true);
  }

  private final HostResolver hosts;
  private final OutboundPolicy policy;
  private final long lookupTimeoutMillis;

  GuardedAddressResolverGroup(HostResolver hosts, OutboundPolicy policy) {
    this(hosts, policy, 5_000);
  }

  GuardedAddressResolverGroup(HostResolver hosts, OutboundPolicy policy, long lookupTimeoutMillis) {
    this.hosts = hosts;
    this.policy = policy;
    this.lookupTimeoutMillis = Math.max(1, lookupTimeoutMillis);
  }

  /**
   * Completes {@code promise} from the lookup pool, or fails it once the lookup's limit passed (or
   * when the pool has no room); the event loop only schedules.
   */
  private <T> void offLoop(EventExecutor loop, Promise<T> promise, Lookup<T> lookup) {
    var timeout =
        loop.schedule(
            () ->
                promise.tryFailure(
                    new OutboundRefusedException(
                        "a host whose name did not resolve within " + lookupTimeoutMillis + " ms")),
            lookupTimeoutMillis,
            TimeUnit.MILLISECONDS);
    try {
      LOOKUPS.execute(
          () -> {
            try {
              promise.trySuccess(lookup.get());
            } catch (IOException | RuntimeException e) {
              promise.tryFailure(e);
            } finally {
              timeout.cancel(false);
            }
          });
    } catch (RejectedExecutionException full) {
      timeout.cancel(false);
      promise.tryFailure(new OutboundRefusedException("a host lookup while too many are running"));
    }
  }

  private interface Lookup<T> {
    T get() throws IOException;
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
        offLoop(executor, promise, () -> checked(address).get(0));
      }

      @Override
      protected void doResolveAll(
          InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
        offLoop(executor, promise, () -> checked(address));
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
