/**
 * Axon's storage: the JDBC event store, stable event type names and their serializer, the token
 * store, the projections' dead-letter queues and error handling, the query bus, message meters, and
 * what a storage failure means ({@code Failures}). The one platform room that uses Axon's JDBC
 * classes. May use {@code operations}, the platform api and the modules' {@code api}s.
 */
@NullMarked
package io.amplifier.appapi.platform.eventstore;

import org.jspecify.annotations.NullMarked;
