package io.amplifier.appapi.users.api.archfixture;

/** Deliberately bad: an event that is neither a record nor revisioned. */
public class MutableSomethingHappenedEvent {
  public String value;
}
