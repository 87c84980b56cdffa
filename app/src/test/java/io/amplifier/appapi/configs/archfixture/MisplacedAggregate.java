package io.amplifier.appapi.configs.archfixture;

import org.axonframework.spring.stereotype.Aggregate;

/** Deliberately bad: an aggregate outside {@code command}; abstract so Spring never loads it. */
@Aggregate
public abstract class MisplacedAggregate {}
