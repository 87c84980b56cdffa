package io.amplifier.appapi.sessions.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools one turn may call, open for the turn's length: {@link #tools()} are offered to the
 * model, {@link #call} runs one. Closed when the turn ends.
 */
public interface ToolBox extends AutoCloseable {

  ToolBox NONE = of(List.of());

  List<ToolSpec> tools();

  /** Runs {@code call}; a failure is an error result, never an exception. */
  ToolResult call(ToolCallRequest call);

  @Override
  default void close() {}

  /** The tools of several boxes; a name offered by an earlier box hides a later one's. */
  static ToolBox of(List<ToolBox> boxes) {
    Map<String, ToolBox> owners = new LinkedHashMap<>();
    List<ToolSpec> specs = new ArrayList<>();
    for (ToolBox box : boxes) {
      for (ToolSpec spec : box.tools()) {
        if (owners.putIfAbsent(spec.name(), box) == null) {
          specs.add(spec);
        }
      }
    }
    List<ToolSpec> offered = List.copyOf(specs);
    return new ToolBox() {
      @Override
      public List<ToolSpec> tools() {
        return offered;
      }

      @Override
      public ToolResult call(ToolCallRequest call) {
        ToolBox owner = owners.get(call.name());
        return owner == null
            ? ToolResult.failed("No tool named '" + call.name() + "' is offered in this turn")
            : owner.call(call);
      }

      @Override
      public void close() {
        boxes.forEach(ToolBox::close);
      }
    };
  }
}
