/**
 * RFC 9457 answers: {@code Problems} completes every problem, {@code ProblemDetailsAdvice}
 * translates exceptions, the error controller and Tomcat's valve answer what never reached a
 * controller; refused input ({@code InputRejectedException}) and the text PostgreSQL can store
 * ({@code StorableText}) live here because every room that refuses input names it the same way. May
 * use {@code projections} (an inline view's failure), {@code eventstore} (what a failure means),
 * {@code operations} and the platform api; its advice also asks {@code web}'s size limit whether a
 * body was too large, the one edge against the rooms' order.
 */
@NullMarked
package io.amplifier.appapi.platform.problems;

import org.jspecify.annotations.NullMarked;
