package io.amplifier.appapi.sessions.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Watches one provider response on its connection: past the turn's deadline, or after more bytes
 * than a reply may take, the response fails with a {@link TurnLimitException} and the connection is
 * closed, whether the body is streamed or read whole.
 */
final class TurnGuardHandler extends ChannelInboundHandlerAdapter {

  static final String NAME = "amplifier-turn-guard";

  private final long deadlineNanos;
  private final long maxBytes;
  private final ProviderSettings settings;
  private long read;
  private boolean tripped;
  private @Nullable ScheduledFuture<?> timer;

  TurnGuardHandler(long deadlineNanos, long maxBytes, ProviderSettings settings) {
    this.deadlineNanos = deadlineNanos;
    this.maxBytes = maxBytes;
    this.settings = settings;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    timer =
        ctx.executor()
            .schedule(
                () -> trip(ctx, TurnLimitException.deadline(settings.turnTimeout())),
                delay,
                TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tripped) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof ByteBufHolder holder) {
      read += holder.content().readableBytes();
    } else if (msg instanceof ByteBuf buffer) {
      read += buffer.readableBytes();
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      ReferenceCountUtil.release(msg);
      trip(ctx, TurnLimitException.deadline(settings.turnTimeout()));
    } else if (read > maxBytes) {
      ReferenceCountUtil.release(msg);
      trip(ctx, TurnLimitException.tooLarge(settings.maxReplyChars()));
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void trip(ChannelHandlerContext ctx, TurnLimitException reason) {
    if (!tripped) {
      tripped = true;
      ctx.fireExceptionCaught(reason);
      ctx.close();
    }
  }

  /** The bytes a reply of {@code maxReplyChars} may take on the wire (JSON escapes, framing). */
  static long maxBytes(int maxReplyChars) {
    return maxReplyChars * 6L + 65_536;
  }
}
