package io.amplifier.appapi.archfixture;

import org.axonframework.common.jdbc.ConnectionProvider;

/** Deliberately bad: Axon's JDBC classes are platform.eventstore's alone. */
public class AxonJdbcOutsideTheEventStore {
  public ConnectionProvider connections;
}
