package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.sessions.api.CompactSessionContextCommand;
import io.amplifier.appapi.sessions.api.FindSessionCompactionQuery;
import io.amplifier.appapi.sessions.api.RecordSessionContextCommand;
import io.amplifier.appapi.sessions.api.SessionCompaction;
import io.amplifier.appapi.sessions.api.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A session's context window: decides what each provider call of a turn is sent. The config's
 * {@code session.context.config} (the original's keys) sets it: {@code max_tokens} is the window
 * (default: the provider model's window where known, else {@value #DEFAULT_WINDOW}); {@code
 * compact_threshold} (a fraction of it, 0 to 1, default {@value #DEFAULT_THRESHOLD}) is the most a
 * call may send, less the provider's own {@code max_tokens} (the reply's room) when it names one.
 * The config's {@code instruction} (the bundle's system instruction) goes first, as a system
 * message. Before each call the prompt is counted ({@link TokenCounter}); over the bound, the
 * oldest turns of the transcript are left out ({@code truncate}), never a system message, nor the
 * turn's own message and the tool calls it made since. The transcript keeps every message; only
 * what is sent changes. The first call of a turn records what it was sent ({@code
 * SessionContextMeasuredEvent}). Token counts of a session's history are kept per node and counted
 * once per message, so fitting a turn costs what the new messages cost, not the whole history.
 */
@Component
class ContextWindow {

  private static final Logger log = LoggerFactory.getLogger(ContextWindow.class);

  /** The window of a model whose window is not known here. */
  static final int DEFAULT_WINDOW = 128_000;

  /** The share of the window a call may send when the config does not say. */
  static final double DEFAULT_THRESHOLD = 0.92;

  static final String NONE = "none";
  static final String TRUNCATE = "truncate";
  static final String COMPACT = "compact";

  /** How the summary of the earlier conversation is introduced to the model. */
  static final String SUMMARY_PREFIX = "Summary of the earlier conversation: ";

  /** What the session's provider is asked when it compacts. */
  static final String SUMMARY_PROMPT =
      "Summarize the conversation below for your own later use: keep every fact, name, number,"
          + " decision and open question the user or the assistant stated, drop small talk."
          + " Answer with the summary only.";

  private final TokenCounter counter;
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final Cache<SessionId, Counted> counted =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  ContextWindow(TokenCounter counter, CommandGateway commands, QueryGateway queries) {
    this.counter = counter;
    this.commands = commands;
    this.queries = queries;
  }

  /** Writes the summary that stands for earlier messages (the session's own provider). */
  interface Summarizer {
    /** A summary of {@code previous} (an earlier summary, or null) and {@code messages}. */
    String summarize(@Nullable String previous, List<ChatMessage> messages);
  }

  /** A session's window: its size in tokens, the share a call may send, and its strategy. */
  record Policy(int window, double threshold, String strategy) {

    /** The most one call may send, {@code reply} tokens kept free for the answer. */
    long bound(int reply) {
      return Math.max(0, (long) Math.floor(window * threshold) - reply);
    }
  }

  /** What one call is sent: the messages, their tokens, and how many were left out, and why. */
  record Fitted(List<ChatMessage> messages, int tokens, int omitted, String strategy) {}

  /** The window of {@code configData}'s context config for the provider {@code module}. */
  static Policy policy(JsonNode configData, String module, JsonNode settings) {
    JsonNode config = configData.path("session").path("context").path("config");
    JsonNode max = config.path("max_tokens");
    int window =
        max.isIntegralNumber() && max.canConvertToInt() && max.asInt() > 0
            ? max.asInt()
            : knownWindow(module, settings).orElse(DEFAULT_WINDOW);
    JsonNode share = config.path("compact_threshold");
    double threshold =
        share.isNumber() && share.asDouble() > 0 && share.asDouble() <= 1
            ? share.asDouble()
            : DEFAULT_THRESHOLD;
    JsonNode compact = config.path("auto_compact");
    String strategy = compact.isBoolean() && compact.booleanValue() ? COMPACT : TRUNCATE;
    return new Policy(window, threshold, strategy);
  }

  /** The context window of the model a provider's {@code settings} name, where known. */
  static OptionalInt knownWindow(String module, JsonNode settings) {
    if (TokenCounter.OPENAI.equals(module)) {
      String m =
          settings.path("model").asText(TokenCounter.OPENAI_DEFAULT_MODEL).toLowerCase(Locale.ROOT);
      if (m.startsWith("gpt-4.1")) {
        return OptionalInt.of(1_047_576);
      }
      if (m.startsWith("gpt-5")) {
        return OptionalInt.of(400_000);
      }
      if (m.matches("o[1-9].*")) {
        return OptionalInt.of(200_000);
      }
      if (m.startsWith("gpt-4o") || m.startsWith("gpt-4-turbo") || m.startsWith("chatgpt-4o")) {
        return OptionalInt.of(128_000);
      }
      if (m.startsWith("gpt-3.5-turbo")) {
        return OptionalInt.of(16_385);
      }
      if (m.equals("gpt-4") || m.startsWith("gpt-4-0")) {
        return OptionalInt.of(8_192);
      }
      return OptionalInt.empty();
    }
    if ("provider-anthropic".equals(module)) {
      return settings.path("model").asText("claude").startsWith("claude")
          ? OptionalInt.of(200_000)
          : OptionalInt.empty();
    }
    return OptionalInt.empty();
  }

  /** The config's system instruction ({@code instruction}), or null when it has none. */
  static @Nullable String instruction(JsonNode configData) {
    JsonNode instruction = configData.path("instruction");
    return instruction.isTextual() && !instruction.asText().isBlank() ? instruction.asText() : null;
  }

  /** The tokens the system prompt ({@code instruction}) costs every call, 0 without one. */
  static int systemTokens(@Nullable String instruction, TokenCounter.Counting counting) {
    return instruction == null
        ? 0
        : counting.message(new ChatMessage("system", instruction)) + TokenCounter.PER_PROMPT;
  }

  /**
   * {@code provider} for one turn of {@code session}: every call is sent what the window holds, and
   * the first one's figures are recorded as {@code actor}.
   */
  ChatProvider bound(
      ChatProvider provider,
      SessionId session,
      String turnId,
      JsonNode configData,
      JsonNode settings,
      Map<String, Object> actor,
      List<String> secrets) {
    Policy policy = policy(configData, provider.module(), settings);
    TokenCounter.Counting counting = counter.of(provider.module(), settings);
    JsonNode reply = settings.path("max_tokens");
    int room = reply.isIntegralNumber() && reply.canConvertToInt() ? Math.max(0, reply.asInt()) : 0;
    return new Bound(
        provider, session, turnId, policy, counting, instruction(configData), room, actor, secrets);
  }

  /**
   * Fits {@code messages} (system messages first, the turn's own message and what followed it last)
   * into {@code policy}'s bound for {@code session}, {@code instruction} first.
   */
  Fitted fit(
      SessionId session,
      List<ChatMessage> messages,
      Policy policy,
      TokenCounter.Counting counting,
      @Nullable String instruction,
      int room,
      @Nullable Summarizer summarizer,
      java.util.function.Consumer<CompactSessionContextCommand> compacted,
      String turnId) {
    int head = 0;
    while (head < messages.size() && "system".equals(messages.get(head).role())) {
      head++;
    }
    int tail = messages.size();
    for (int i = messages.size() - 1; i >= head; i--) {
      if ("user".equals(messages.get(i).role())) {
        tail = i;
        break;
      }
    }
    long pinned = TokenCounter.PER_PROMPT;
    List<ChatMessage> sent = new ArrayList<>(messages.size() + 1);
    if (instruction != null) {
      ChatMessage system = new ChatMessage("system", instruction);
      sent.add(system);
      pinned += counting.message(system);
    }
    for (int i = 0; i < head; i++) {
      pinned += counting.message(messages.get(i));
    }
    for (int i = tail; i < messages.size(); i++) {
      pinned += counting.message(messages.get(i));
    }
    List<ChatMessage> middle = messages.subList(head, tail);
    long bound = policy.bound(room);
    Counted counts = counted.get(session, id -> new Counted());
    int from = 0;
    long history;
    @Nullable String summary = null;
    synchronized (counts) {
      long[] prefix = counts.sync(middle, counting);
      int n = middle.size();
      int base = 0;
      if (summarizer != null && COMPACT.equals(policy.strategy())) {
        if (!counts.loaded) {
          counts.loaded = true;
          Optional<SessionCompaction> latest =
              queries
                  .query(
                      new FindSessionCompactionQuery(session),
                      ResponseTypes.optionalInstanceOf(SessionCompaction.class))
                  .join();
          latest.ifPresent(c -> counts.compaction(c.through(), c.summary()));
        }
        if (counts.summary != null && counts.through <= n) {
          base = counts.through;
          summary = counts.summary;
        }
        long summaryTokens = summary == null ? 0 : counting.message(summaryMessage(summary));
        if (pinned + summaryTokens + prefix[n] - prefix[base] > bound) {
          // compact: the newest messages worth half the bound stay, the rest joins the summary
          long keep = Math.max(0, bound / 2 - pinned);
          int cut = firstFitting(prefix, base, n, keep);
          while (cut < n && !"user".equals(middle.get(cut).role())) {
            cut++;
          }
          // what one summary call can read: the newest of the range, within the bound
          int start = firstFitting(prefix, base, cut, Math.max(0, bound - pinned - summaryTokens));
          if (cut > base) {
            try {
              String written = summarizer.summarize(summary, middle.subList(start, cut));
              long before = summaryTokens + prefix[cut] - prefix[base];
              compacted.accept(
                  new CompactSessionContextCommand(
                      session,
                      turnId,
                      1,
                      cut,
                      written,
                      (int) Math.min(Integer.MAX_VALUE, before),
                      counting.message(summaryMessage(written))));
              counts.compaction(cut, written);
              base = cut;
              summary = written;
            } catch (RuntimeException e) {
              // the summary could not be written or kept: this call is truncated instead
              log.info("Context of turn {} not compacted: {}", turnId, e.toString());
            }
          }
        }
        if (summary != null) {
          pinned += counting.message(summaryMessage(summary));
        }
      }
      from = base;
      if (pinned + prefix[n] - prefix[base] > bound) {
        // the first place from which the rest fits; everything, when even the pinned part does not
        from = firstFitting(prefix, base, n, bound - pinned);
        while (from < n && !"user".equals(middle.get(from).role())) {
          from++;
        }
      }
      history = prefix[n] - prefix[from];
    }
    sent.addAll(messages.subList(0, head));
    if (summary != null) {
      sent.add(summaryMessage(summary));
    }
    sent.addAll(middle.subList(from, middle.size()));
    sent.addAll(messages.subList(tail, messages.size()));
    int tokens = (int) Math.min(Integer.MAX_VALUE, pinned + history);
    String strategy = summary != null ? COMPACT : from > 0 ? TRUNCATE : NONE;
    return new Fitted(List.copyOf(sent), tokens, from, strategy);
  }

  /**
   * The first place in {@code [from, to]} from which the messages up to {@code to} cost at most
   * {@code room}.
   */
  private static int firstFitting(long[] prefix, int from, int to, long room) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (prefix[to] - prefix[mid] <= room) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static ChatMessage summaryMessage(String summary) {
    return new ChatMessage("system", SUMMARY_PREFIX + summary);
  }

  /**
   * The messages a summary call is sent: the prompt, then the earlier summary and {@code messages}
   * as text.
   */
  static List<ChatMessage> summaryRequest(@Nullable String previous, List<ChatMessage> messages) {
    StringBuilder text = new StringBuilder();
    if (previous != null) {
      text.append("Earlier summary: ").append(previous).append("\n\n");
    }
    for (ChatMessage message : messages) {
      text.append(message.role()).append(": ").append(message.content()).append('\n');
    }
    return List.of(
        new ChatMessage("system", SUMMARY_PROMPT), new ChatMessage("user", text.toString()));
  }

  /** A session's history as last counted: its messages (by identity) and their running sums. */
  private static final class Counted {
    private final List<ChatMessage> seen = new ArrayList<>();
    private long[] prefix = new long[16];
    private String counting = "";
    private boolean loaded;
    private @Nullable String summary;
    private int through;

    void compaction(int through, String summary) {
      this.through = through;
      this.summary = summary;
    }

    /** The running token sums of {@code middle} ({@code [i]}: its first i messages). */
    long[] sync(List<ChatMessage> middle, TokenCounter.Counting by) {
      int known = seen.size();
      boolean same =
          by.name().equals(counting)
              && known <= middle.size()
              && (known == 0 || middle.get(known - 1) == seen.get(known - 1));
      if (!same) {
        seen.clear();
        counting = by.name();
        known = 0;
        loaded = false;
        summary = null;
        through = 0;
      }
      if (prefix.length < middle.size() + 1) {
        prefix = Arrays.copyOf(prefix, Math.max(middle.size() + 1, prefix.length * 2));
      }
      for (int i = known; i < middle.size(); i++) {
        ChatMessage message = middle.get(i);
        seen.add(message);
        prefix[i + 1] = prefix[i] + by.message(message);
      }
      return prefix;
    }
  }

  /** A provider whose every call of one turn is sent what the window holds. */
  /** A provider whose calls send at most {@link #sendBound()} prompt tokens. */
  interface Sized {
    /** The most prompt tokens one call sends. */
    long sendBound();
  }

  /**
   * The provider of one turn, fitted to the window. A call that compacts first asks the provider
   * for a summary: that call's tokens are added to the usage of the call it was made for, so that
   * usage and budgets count every provider call.
   */
  private final class Bound implements ChatProvider, Sized {
    private final ChatProvider provider;
    private final SessionId session;
    private final String turnId;
    private final Policy policy;
    private final TokenCounter.Counting counting;
    private final @Nullable String instruction;
    private final int room;
    private final Map<String, Object> actor;
    private final List<String> secrets;
    private boolean recorded;
    private final Map<String, Object> summaryUsage = new java.util.HashMap<>();

    Bound(
        ChatProvider provider,
        SessionId session,
        String turnId,
        Policy policy,
        TokenCounter.Counting counting,
        @Nullable String instruction,
        int room,
        Map<String, Object> actor,
        List<String> secrets) {
      this.provider = provider;
      this.session = session;
      this.turnId = turnId;
      this.policy = policy;
      this.counting = counting;
      this.instruction = instruction;
      this.room = room;
      this.actor = actor;
      this.secrets = secrets;
    }

    @Override
    public String module() {
      return provider.module();
    }

    @Override
    public @Nullable String defaultBaseUrl() {
      return provider.defaultBaseUrl();
    }

    @Override
    public long sendBound() {
      return policy.bound(room);
    }

    @Override
    public TurnResult run(
        List<ChatMessage> history,
        JsonNode settings,
        Consumer<String> onDelta,
        BooleanSupplier cancelled,
        boolean stream) {
      return withSummaryUsage(
          provider.run(fitted(history, settings), settings, onDelta, cancelled, stream));
    }

    /** {@code result} with the tokens of the summary calls made for it added to its usage. */
    private TurnResult withSummaryUsage(TurnResult result) {
      if (summaryUsage.isEmpty()) {
        return result;
      }
      Map<String, Object> usage = new java.util.LinkedHashMap<>(result.usage());
      summaryUsage.forEach(
          (key, value) ->
              usage.merge(
                  key,
                  value,
                  (a, b) ->
                      a instanceof Number x && b instanceof Number y
                          ? (Object) (x.longValue() + y.longValue())
                          : a));
      summaryUsage.clear();
      return new TurnResult(result.content(), usage, result.toolCalls());
    }

    @Override
    public TurnResult run(
        List<ChatMessage> history,
        List<ToolSpec> tools,
        JsonNode settings,
        Consumer<String> onDelta,
        BooleanSupplier cancelled,
        boolean stream,
        long deadlineNanos) {
      return withSummaryUsage(
          provider.run(
              fitted(history, settings),
              tools,
              settings,
              onDelta,
              cancelled,
              stream,
              deadlineNanos));
    }

    private List<ChatMessage> fitted(List<ChatMessage> history, JsonNode settings) {
      Summarizer summarizer =
          (previous, messages) -> {
            TurnResult written =
                provider.run(
                    summaryRequest(previous, messages), settings, d -> {}, () -> false, false);
            written
                .usage()
                .forEach(
                    (key, value) -> {
                      if (value instanceof Number number) {
                        summaryUsage.merge(
                            key,
                            number.longValue(),
                            (a, b) -> ((Number) a).longValue() + number.longValue());
                      }
                    });
            return Redaction.redact(written.content(), secrets);
          };
      Fitted fitted =
          fit(
              session,
              history,
              policy,
              counting,
              instruction,
              room,
              summarizer,
              this::send,
              turnId);
      if (!recorded) {
        recorded = true;
        Object command =
            new RecordSessionContextCommand(
                session,
                turnId,
                fitted.tokens(),
                policy.window(),
                fitted.strategy(),
                fitted.omitted(),
                counting.name());
        try {
          send(command);
        } catch (RuntimeException e) {
          // the turn goes on: it was cancelled or ended meanwhile, and its end says so
          log.info("Context of turn {} not recorded: {}", turnId, e.toString());
        }
      }
      return fitted.messages();
    }

    private void send(Object command) {
      commands.sendAndWait(
          actor.isEmpty()
              ? command
              : GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(actor)));
    }
  }
}
