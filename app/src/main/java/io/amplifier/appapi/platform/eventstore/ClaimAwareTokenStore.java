package io.amplifier.appapi.platform.eventstore;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.jspecify.annotations.Nullable;

/**
 * The token store, telling {@code claimed} each time this node claims a segment. A segment that
 * another node held meanwhile may have dead-lettered sequences there; the dead-lettering invoker of
 * a processor remembers which sequences it saw outside the queue, and Axon's {@code
 * MultiEventHandlerInvoker} does not pass the processor's {@code segmentReleased} on to it. So the
 * claim is where that memory is dropped ({@link ProjectionErrorHandling#forgetCachedSequences}):
 * the first event of a claimed segment asks the queue again.
 */
final class ClaimAwareTokenStore implements TokenStore {

  private final TokenStore delegate;
  private final BiConsumer<String, Segment> claimed;

  ClaimAwareTokenStore(TokenStore delegate, BiConsumer<String, Segment> claimed) {
    this.delegate = delegate;
    this.claimed = claimed;
  }

  @Override
  public TrackingToken fetchToken(String processorName, int segment)
      throws UnableToClaimTokenException {
    TrackingToken token = delegate.fetchToken(processorName, segment);
    claimed.accept(
        processorName, Segment.computeSegment(segment, delegate.fetchSegments(processorName)));
    return token;
  }

  @Override
  public TrackingToken fetchToken(String processorName, Segment segment)
      throws UnableToClaimTokenException {
    TrackingToken token = delegate.fetchToken(processorName, segment);
    claimed.accept(processorName, segment);
    return token;
  }

  @Override
  public void initializeTokenSegments(String processorName, int segmentCount)
      throws UnableToClaimTokenException {
    delegate.initializeTokenSegments(processorName, segmentCount);
  }

  @Override
  public void initializeTokenSegments(
      String processorName, int segmentCount, @Nullable TrackingToken initialToken)
      throws UnableToClaimTokenException {
    delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
  }

  @Override
  public void storeToken(@Nullable TrackingToken token, String processorName, int segment)
      throws UnableToClaimTokenException {
    delegate.storeToken(token, processorName, segment);
  }

  @Override
  public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
    delegate.extendClaim(processorName, segment);
  }

  @Override
  public void releaseClaim(String processorName, int segment) {
    delegate.releaseClaim(processorName, segment);
  }

  @Override
  public void initializeSegment(@Nullable TrackingToken token, String processorName, int segment) {
    delegate.initializeSegment(token, processorName, segment);
  }

  @Override
  public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
    delegate.deleteToken(processorName, segment);
  }

  @Override
  public boolean requiresExplicitSegmentInitialization() {
    return delegate.requiresExplicitSegmentInitialization();
  }

  @Override
  public int[] fetchSegments(String processorName) {
    return delegate.fetchSegments(processorName);
  }

  @Override
  public List<Segment> fetchAvailableSegments(String processorName) {
    return delegate.fetchAvailableSegments(processorName);
  }

  @Override
  public Optional<String> retrieveStorageIdentifier() {
    return delegate.retrieveStorageIdentifier();
  }
}
