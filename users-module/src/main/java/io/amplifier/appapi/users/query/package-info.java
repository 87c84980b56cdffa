/** Read side of users: application-view and user-view projections and their queries. */
@NullMarked
package io.amplifier.appapi.users.query;

import org.jspecify.annotations.NullMarked;
