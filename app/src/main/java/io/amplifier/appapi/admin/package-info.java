/** Operator endpoints: service info, health, smoke tests, projection rebuilds. */
@NullMarked
package io.amplifier.appapi.admin;

import org.jspecify.annotations.NullMarked;
