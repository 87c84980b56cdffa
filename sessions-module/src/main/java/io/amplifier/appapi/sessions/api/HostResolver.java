package io.amplifier.appapi.sessions.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up a provider host's addresses for an outbound call; every answer passes the outbound
 * policy before any connection is opened. The default asks the system resolver.
 */
public interface HostResolver {

  /** All addresses of {@code host} (a name, never an IP literal). */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
