/**
 * The web edge: the one pass over each request (request id, cross-site, size and text checks), body
 * checks, idempotent retries, refusal pacing, the MVC, OpenAPI and JSON wiring, and the Axon
 * gateway that stamps each command with its request's caller, id and idempotency claim. Holds the
 * servlet filters. May use {@code security} (the caller), {@code problems}, {@code operations}, the
 * platform api and every module's {@code api}; of the other rooms only {@code problems}' advice
 * uses it, asking {@code RequestSizeLimit} whether a body was too large.
 */
@NullMarked
package io.amplifier.appapi.platform.web;

import org.jspecify.annotations.NullMarked;
