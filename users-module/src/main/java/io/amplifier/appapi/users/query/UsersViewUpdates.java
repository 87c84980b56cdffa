package io.amplifier.appapi.users.query;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes readers waiting for the users read models to catch up, as soon as a projection transaction
 * commits on this node. Readers also re-check on a short timer, which covers a projection running
 * on another node.
 */
@Component
class UsersViewUpdates {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition committed = lock.newCondition();
  private long generation;

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
      generation++;
      committed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The number of projection commits seen so far; take it before reading the read model. */
  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a projection commit after {@code seen} (so a commit between the reader's read and
   * this call is never missed), or {@code millis} at most; returns early on interrupt.
   */
  void awaitCommitAfter(long seen, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      long left;
      while (generation == seen && (left = deadline - System.nanoTime()) > 0) {
        committed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
