/** HTTP adapter of users: the /applications routes. */
@NullMarked
package io.amplifier.appapi.users.web;

import org.jspecify.annotations.NullMarked;
