/** Command side of users: the Application and User aggregates. */
@NullMarked
package io.amplifier.appapi.users.command;

import org.jspecify.annotations.NullMarked;
