package io.amplifier.appapi.users.api.archfixture;

/** Deliberately bad: a plain class in an api package. */
public class BehaviourInApi {}
