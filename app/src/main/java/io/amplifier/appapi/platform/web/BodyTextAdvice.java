package io.amplifier.appapi.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ByteCount;
import io.amplifier.appapi.platform.problems.InputRejectedException;
import io.amplifier.appapi.platform.problems.ProblemDetailsAdvice;
import io.amplifier.appapi.platform.problems.StorableText;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks every request body once it is parsed, at any depth, keys and values alike: strings
 * PostgreSQL can store ({@link StorableText}), nesting at most {@value #MAX_DEPTH} levels, at most
 * {@value #MAX_TAGS} {@code tags} (keys up to {@value #MAX_TAG_KEY}, values up to {@value
 * #MAX_TAG_VALUE} characters), {@code metadata} up to {@value #MAX_METADATA_BYTES} and a message's
 * {@code context} up to {@value #MAX_CONTEXT_BYTES} bytes of JSON. A refusal is a 422 naming the
 * field.
 */
@ControllerAdvice
class BodyTextAdvice extends RequestBodyAdviceAdapter {

  static final int MAX_DEPTH = 64;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG_KEY = 128;
  static final int MAX_TAG_VALUE = 1024;
  static final int MAX_METADATA_BYTES = 64 * 1024;

  /** A message's {@code context}: it goes to the model with every turn, and into the transcript. */
  static final int MAX_CONTEXT_BYTES = 16 * 1024;

  private final ObjectMapper json;

  BodyTextAdvice(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public boolean supports(
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object afterBodyRead(
      Object body,
      HttpInputMessage inputMessage,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    walk(body, "", 1);
    return body;
  }

  private void walk(@Nullable Object value, String path, int depth) {
    if (value == null) {
      return;
    }
    if (value instanceof CharSequence text) {
      text(text, path);
      return;
    }
    boolean container =
        value instanceof JsonNode node
            ? node.isContainerNode()
            : value instanceof Map<?, ?>
                || value instanceof Collection<?>
                || value instanceof Record;
    if (container && depth > MAX_DEPTH) {
      throw new InputRejectedException(
          name(path), "is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof JsonNode node) {
      if (node.isTextual()) {
        text(node.textValue(), path);
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String child = join(path, field.getKey());
          text(field.getKey(), child);
          walk(field.getValue(), child, depth + 1);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          walk(node.get(i), path + "[" + i + "]", depth + 1);
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String child = join(path, String.valueOf(entry.getKey()));
        walk(entry.getKey(), child, depth + 1);
        walk(entry.getValue(), child, depth + 1);
      }
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", depth + 1);
      }
    } else if (value instanceof Record record
        && record.getClass().getName().startsWith("io.amplifier.appapi.")) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        String child = join(path, ProblemDetailsAdvice.snake(component.getName()));
        Object componentValue = read(component, record);
        limits(child, componentValue);
        walk(componentValue, child, depth + 1);
      }
    }
  }

  private void limits(String path, @Nullable Object value) {
    if (path.equals("tags") && value instanceof Map<?, ?> tags) {
      if (tags.size() > MAX_TAGS) {
        throw new InputRejectedException("tags", "must have at most " + MAX_TAGS + " entries");
      }
      for (Map.Entry<?, ?> tag : tags.entrySet()) {
        if (String.valueOf(tag.getKey()).length() > MAX_TAG_KEY) {
          throw new InputRejectedException(
              "tags", "keys must be at most " + MAX_TAG_KEY + " characters");
        }
        if (tag.getValue() != null && String.valueOf(tag.getValue()).length() > MAX_TAG_VALUE) {
          throw new InputRejectedException(
              join("tags", StorableText.printable(String.valueOf(tag.getKey()))),
              "must be at most " + MAX_TAG_VALUE + " characters");
        }
      }
    }
    if (path.equals("metadata") && value != null) {
      requireJsonSize("metadata", value, MAX_METADATA_BYTES);
    }
    if (path.equals("context") && value != null) {
      requireJsonSize("context", value, MAX_CONTEXT_BYTES);
    }
  }

  private void requireJsonSize(String field, Object value, int max) {
    long size;
    try {
      size = ByteCount.of(out -> json.writeValue(out, value));
    } catch (IOException | RuntimeException e) {
      throw new InputRejectedException(field, "is not valid JSON");
    }
    if (size > max) {
      throw new InputRejectedException(field, "must be at most " + max + " bytes of JSON");
    }
  }

  private static @Nullable Object read(RecordComponent component, Record record) {
    try {
      component.getAccessor().setAccessible(true);
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return null;
    }
  }

  private static void text(CharSequence text, String path) {
    String problem = StorableText.problem(text);
    if (problem != null) {
      throw new InputRejectedException(name(path), problem);
    }
  }

  private static String join(String path, String name) {
    String printable = StorableText.printable(name);
    return path.isEmpty() ? printable : path + "." + printable;
  }

  private static String name(String path) {
    return path.isEmpty() ? "body" : path;
  }
}
