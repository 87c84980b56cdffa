package io.amplifier.appapi.configs.query;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes readers waiting for the config-view to catch up, as soon as a projection transaction
 * commits on this node. Readers also re-check on a short timer, which covers a projection running
 * on another node.
 */
@Component
class ConfigViewUpdates {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition committed = lock.newCondition();

  void signalAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              signal();
            }
          });
    } else {
      signal();
    }
  }

  private void signal() {
    lock.lock();
    try {
      committed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next commit, or {@code millis} at most; returns early on interrupt. */
  void awaitCommit(long millis) {
    lock.lock();
    try {
      committed.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
