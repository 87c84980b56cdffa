package io.amplifier.appapi.platform.eventstore;

import java.util.Optional;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, storing events under {@link EventTypeNames} instead of Java class
 * names; a stored type that is no stable name is read as a class name, as before.
 */
final class StableNameSerializer extends JacksonSerializer {

  private final EventTypeNames names;

  StableNameSerializer(JacksonSerializer.Builder builder, EventTypeNames names) {
    super(builder);
    this.names = names;
  }

  @Override
  public SerializedType typeForClass(Class type) {
    if (type == null) {
      return super.typeForClass(null);
    }
    return names
        .name(type)
        .<SerializedType>map(
            name -> new SimpleSerializedType(name, getRevisionResolver().revisionOf(type)))
        .orElseGet(() -> super.typeForClass(type));
  }

  @Override
  protected String resolveClassName(SerializedType serializedType) {
    return names
        .type(serializedType.getName())
        .or(() -> movedClass(serializedType.getName()))
        .map(Class::getName)
        .orElseGet(() -> super.resolveClassName(serializedType));
  }

  /** A class name stored before the stable names, of an event whose class has moved since. */
  private Optional<Class<?>> movedClass(String storedName) {
    try {
      Class.forName(storedName, false, getClass().getClassLoader());
      return Optional.empty();
    } catch (ClassNotFoundException | LinkageError gone) {
      return names.movedFrom(storedName);
    }
  }
}
