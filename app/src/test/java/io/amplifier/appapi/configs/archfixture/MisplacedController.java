package io.amplifier.appapi.configs.archfixture;

import org.springframework.web.bind.annotation.RestController;

/** Deliberately bad: a controller outside {@code web}; abstract so Spring never loads it. */
@RestController
public abstract class MisplacedController {}
