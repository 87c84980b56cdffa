/** Applications, users and roles: who calls the service and on whose behalf. */
@NullMarked
package io.amplifier.appapi.users;

import org.jspecify.annotations.NullMarked;
