/**
 * Application services of sessions: what a route does, between the HTTP adapter ({@code web}) and
 * the aggregate ({@code command}), the read models ({@code query}) and the turn runtime ({@code
 * runtime}); and the refusals the routes answer with.
 */
@NullMarked
package io.amplifier.appapi.sessions.service;

import org.jspecify.annotations.NullMarked;
