package io.amplifier.appapi.platform.projections;

import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The one {@link ProjectionCommits} of this node, shared by every module's projections. */
@Component
class ProjectionCommitSignal implements ProjectionCommits {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition committed = lock.newCondition();
  private long generation;

  @Override
  public void signalAfterCommit() {
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

  @Override
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void awaitCommitAfter(long seen, long millis) {
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
