/** The Spring Boot application that assembles the modules. */
@NullMarked
package io.amplifier.appapi;

import org.jspecify.annotations.NullMarked;
