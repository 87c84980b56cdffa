/**
 * Running the service: the DataSource (a {@code DATABASE_URL} or the embedded PostgreSQL), the
 * node's one {@code LISTEN} connection, the nodes sharing segments, the log format and the fields
 * and request id every log line carries, and the named daemon threads of background work. Uses no
 * other room, only the platform api.
 */
@NullMarked
package io.amplifier.appapi.platform.operations;

import org.jspecify.annotations.NullMarked;
