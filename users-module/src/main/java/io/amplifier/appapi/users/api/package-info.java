/** Public types of the users module: identities other modules may use. */
@NullMarked
package io.amplifier.appapi.users.api;

import org.jspecify.annotations.NullMarked;
