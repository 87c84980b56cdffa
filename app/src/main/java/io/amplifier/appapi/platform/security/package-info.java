/**
 * Who the caller is: API keys and JWTs ({@code AuthenticationFilter}, the one filter outside {@code
 * web}, registered in Spring Security's chain by {@code SecurityConfiguration}), the caller of a
 * request ({@code CallerResolver}), user scopes and sightings, and the rate limits of callers and
 * failed authentications. May use {@code problems}, {@code operations}, the platform api and the
 * modules' {@code api}s; only {@code web} uses it.
 */
@NullMarked
package io.amplifier.appapi.platform.security;

import org.jspecify.annotations.NullMarked;
