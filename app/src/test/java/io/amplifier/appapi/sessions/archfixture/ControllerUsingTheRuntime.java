package io.amplifier.appapi.sessions.archfixture;

import io.amplifier.appapi.sessions.runtime.TurnService;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deliberately bad: a controller that drives the turn runtime itself rather than through the
 * module's services; abstract so Spring never loads it.
 */
@RestController
public abstract class ControllerUsingTheRuntime {
  public TurnService turns;
}
