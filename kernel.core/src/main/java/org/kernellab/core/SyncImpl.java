package org.kernellab.core;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.kernellab.api.ContextViolationException;
import org.kernellab.api.Ctx;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.sync.Completion;
import org.kernellab.api.sync.Mutex;
import org.kernellab.api.sync.RwLock;
import org.kernellab.api.sync.Semaphore;
import org.kernellab.api.sync.Spinlock;
import org.kernellab.api.sync.Sync;
import org.kernellab.api.sync.WaitQueue;

/**
 * Synchronization primitives. Each object goes out behind the contract boundary, so a mutex
 * taken in an interrupt handler is caught before its implementation runs. State is guarded
 * by the baton, like everything simulated.
 */
final class SyncImpl implements Sync {
    /** How long one spin iteration burns, in ns: the granularity of spinning in virtual time. */
    static final long SPIN_NS = 100;

    private final Supplier<Engine> engine;
    private final ContextOps ctx;
    private final Contracts.Wrapper wrapper;

    SyncImpl(Supplier<Engine> engine, ContextOps ctx, Contracts.Wrapper wrapper) {
        this.engine = engine;
        this.ctx = ctx;
        this.wrapper = wrapper;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must not be empty");
        return name;
    }

    @Override public Spinlock spinlock(String name) { return wrapper.wrap(Spinlock.class, new SpinlockImpl(checkName(name))); }
    @Override public RwLock rwlock(String name) { return wrapper.wrap(RwLock.class, new RwLockImpl(checkName(name))); }
    @Override public Mutex mutex(String name) { return wrapper.wrap(Mutex.class, new MutexImpl(checkName(name))); }

    @Override
    public Semaphore semaphore(String name, int count) {
        if (count < 0) throw new IllegalArgumentException("semaphore " + name + ": count " + count + " is negative");
        return wrapper.wrap(Semaphore.class, new SemaphoreImpl(checkName(name), count));
    }

    @Override public WaitQueue waitQueue(String name) { return wrapper.wrap(WaitQueue.class, new WaitQueueImpl(checkName(name))); }
    @Override public Completion completion(String name) { return wrapper.wrap(Completion.class, new CompletionImpl(checkName(name))); }

    private Cpu cpu(String what) { return engine.get().cpu(what); }

    /** Reports a lock misuse in the BUG format of kernel/locking/spinlock_debug.c, then applies the policy. */
    private void lockBug(String kind, String msg, String lockName, TaskImpl owner, int ownerCpu) {
        Engine e = engine.get();
        Cpu c = e.running;
        String report = String.format("BUG: %s %s on CPU#%d, %s/%d%n lock: %s, .owner: %s/%d, .owner_cpu: %d%n",
                kind, msg, c.id, c.current.comm, c.current.pid, lockName,
                owner == null ? "<none>" : owner.comm, owner == null ? -1 : owner.pid, ownerCpu)
                + "KernelLab: offending code: " + Contracts.callerSite();
        e.log(LogLevel.ERR, report);
        if (e.policy == ViolationPolicy.PANIC) e.panic(report);
        if (e.policy == ViolationPolicy.FAIL) throw new ContextViolationException(Ctx.ATOMIC_SAFE, report);
    }

    // ---------------------------------------------------------------------------------
    final class SpinlockImpl implements Spinlock {
        private final String name;
        TaskImpl owner;
        int ownerCpu = -1;
        private boolean recursionReported;

        SpinlockImpl(String name) { this.name = name; }

        @Override public String name() { return name; }
        @Override public boolean isLocked() { return owner != null; }

        @Override
        public void lock() {
            ctx.preemptDisable();
            Cpu c = cpu("spin_lock()");
            c.current.locksHeld++;
            while (owner != null) {
                if (ownerCpu == c.id && !recursionReported) {
                    recursionReported = true;
                    lockBug("spinlock", "recursion", name, owner, ownerCpu);
                }
                engine.get().compute(SPIN_NS);
                c = engine.get().running;
            }
            owner = c.current;
            ownerCpu = c.id;
        }

        @Override
        public boolean tryLock() {
            ctx.preemptDisable();
            Cpu c = cpu("spin_trylock()");
            if (owner != null) {
                ctx.preemptEnable();
                return false;
            }
            c.current.locksHeld++;
            owner = c.current;
            ownerCpu = c.id;
            return true;
        }

        @Override
        public void unlock() {
            Cpu c = cpu("spin_unlock()");
            if (owner == null) {
                lockBug("spinlock", "already unlocked", name, null, -1);
                return;
            }
            if (ownerCpu != c.id) lockBug("spinlock", "wrong CPU", name, owner, ownerCpu);
            if (owner.locksHeld > 0) owner.locksHeld--;
            owner = null;
            ownerCpu = -1;
            recursionReported = false;
            ctx.preemptEnable();
        }

        @Override
        public boolean lockIrqSave() {
            boolean flags = ctx.localIrqSave();
            lock();
            return flags;
        }

        @Override
        public void unlockIrqRestore(boolean flags) {
            unlock();
            ctx.localIrqRestore(flags);
        }

        @Override
        public void lockIrq() {
            ctx.localIrqDisable();
            lock();
        }

        @Override
        public void unlockIrq() {
            unlock();
            ctx.localIrqEnable();
        }

        @Override
        public void lockBh() {
            ctx.localBhDisable();
            lock();
        }

        @Override
        public void unlockBh() {
            unlock();
            ctx.localBhEnable();
        }
    }

    // ---------------------------------------------------------------------------------
    final class RwLockImpl implements RwLock {
        private final String name;
        private int readers;
        private TaskImpl writer;
        private int writerCpu = -1;

        RwLockImpl(String name) { this.name = name; }

        @Override
        public void readLock() {
            ctx.preemptDisable();
            Cpu c = cpu("read_lock()");
            c.current.locksHeld++;
            while (writer != null) {
                if (writerCpu == c.id) lockBug("rwlock", "recursion", name, writer, writerCpu);
                engine.get().compute(SPIN_NS);
                c = engine.get().running;
            }
            readers++;
        }

        @Override
        public void readUnlock() {
            Cpu c = cpu("read_unlock()");
            if (readers == 0) {
                lockBug("rwlock", "read unlock without readers", name, null, -1);
                return;
            }
            readers--;
            if (c.current.locksHeld > 0) c.current.locksHeld--;
            ctx.preemptEnable();
        }

        @Override
        public void writeLock() {
            ctx.preemptDisable();
            Cpu c = cpu("write_lock()");
            c.current.locksHeld++;
            while (writer != null || readers > 0) {
                if (writerCpu == c.id) lockBug("rwlock", "recursion", name, writer, writerCpu);
                engine.get().compute(SPIN_NS);
                c = engine.get().running;
            }
            writer = c.current;
            writerCpu = c.id;
        }

        @Override
        public void writeUnlock() {
            Cpu c = cpu("write_unlock()");
            if (writer == null) {
                lockBug("rwlock", "already unlocked", name, null, -1);
                return;
            }
            if (writer.locksHeld > 0) writer.locksHeld--;
            writer = null;
            writerCpu = -1;
            ctx.preemptEnable();
        }

        @Override public int readers() { return readers; }
        @Override public boolean writeLocked() { return writer != null; }
    }

    // ---------------------------------------------------------------------------------
    /**
     * Tasks sleeping on something, woken in FIFO order. The queue is linked through the tasks
     * themselves ({@link TaskImpl#waitPrev}, {@link TaskImpl#waitNext}; a task sleeps on one
     * queue at a time), as a wait_queue_entry on the sleeper's stack is linked into its
     * wait_queue_head (include/linux/wait.h): queueing and dequeueing touch no other object, and
     * a sleeper woken by something else (a timeout) leaves in O(1).
     */
    private final class Waiters {
        private TaskImpl head;
        private TaskImpl tail;
        private int size;

        /** Sleeps uninterruptibly until {@code done} holds, checking it before each sleep. */
        void sleepUntil(BooleanSupplier done) {
            Engine e = engine.get();
            while (true) {
                Cpu c = e.cpu("sleeping");
                TaskImpl me = c.current;
                me.state = TaskState.UNINTERRUPTIBLE;
                if (done.getAsBoolean()) {
                    me.state = TaskState.RUNNING;
                    return;
                }
                enqueue(me);
                e.sw.schedule();
                dequeue(me);
            }
        }

        void enqueue(TaskImpl t) {
            t.waiting = this;
            t.waitNext = null;
            t.waitPrev = tail;
            if (tail == null) head = t;
            else tail.waitNext = t;
            tail = t;
            size++;
        }

        /** Takes {@code t} off this queue if it is still on it (woken by something else than a waker of the queue). */
        void dequeue(TaskImpl t) {
            if (t.waiting == this) unlink(t);
        }

        private void unlink(TaskImpl t) {
            TaskImpl p = t.waitPrev, n = t.waitNext;
            if (p == null) head = n;
            else p.waitNext = n;
            if (n == null) tail = p;
            else n.waitPrev = p;
            t.waitPrev = null;
            t.waitNext = null;
            t.waiting = null;
            size--;
        }

        void wakeOne() {
            TaskImpl t = head;
            if (t != null) {
                unlink(t);
                engine.get().sw.wakeUp(t);
            }
        }

        /** Wakes every waiter queued now; wake-ups never switch inline, so nobody re-queues meanwhile. */
        void wakeAll() {
            Engine e = engine.get();
            for (TaskImpl t; (t = head) != null;) {
                unlink(t);
                e.sw.wakeUp(t);
            }
        }

        int size() {
            return size;
        }
    }

    final class MutexImpl implements Mutex {
        private final String name;
        private TaskImpl owner;
        private final Waiters waiters = new Waiters();

        MutexImpl(String name) { this.name = name; }

        @Override
        public void lock() {
            TaskImpl me = cpu("mutex_lock()").current;
            if (owner == me) {
                // kernel/locking/lockdep.c print_deadlock_bug()
                Engine e = engine.get();
                e.log(LogLevel.ERR, "WARNING: possible recursive locking detected\n" + me.comm + "/" + me.pid
                        + " is trying to acquire lock " + name + " but task is already holding lock " + name
                        + "\n *** DEADLOCK ***\nKernelLab: offending code: " + Contracts.callerSite());
            }
            waiters.sleepUntil(() -> {
                if (owner == null) {
                    owner = engine.get().running.current;
                    return true;
                }
                return false;
            });
        }

        @Override
        public boolean tryLock() {
            if (owner != null) return false;
            owner = cpu("mutex_trylock()").current;
            return true;
        }

        @Override
        public void unlock() {
            TaskImpl me = cpu("mutex_unlock()").current;
            if (owner != me) {
                // kernel/locking/mutex.c __mutex_unlock_slowpath() under CONFIG_DEBUG_MUTEXES
                lockBug("mutex", "unlocked by a task that does not own it (DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current))",
                        name, owner, owner == null ? -1 : owner.cpu);
                return;
            }
            owner = null;
            waiters.wakeOne();
        }

        @Override public boolean isLocked() { return owner != null; }
        @Override public Task owner() { return owner; }
    }

    final class SemaphoreImpl implements Semaphore {
        private int count;
        private final Waiters waiters = new Waiters();

        SemaphoreImpl(String name, int count) { this.count = count; }

        @Override
        public void down() {
            waiters.sleepUntil(() -> {
                if (count > 0) {
                    count--;
                    return true;
                }
                return false;
            });
        }

        @Override
        public boolean tryDown() {
            if (count == 0) return false;
            count--;
            return true;
        }

        @Override
        public void up() {
            count++;
            waiters.wakeOne();
        }

        @Override public int count() { return count; }
    }

    final class WaitQueueImpl implements WaitQueue {
        private final Waiters waiters = new Waiters();

        WaitQueueImpl(String name) {}

        @Override
        public void waitEvent(BooleanSupplier condition) {
            if (condition == null) throw new IllegalArgumentException("condition must not be null");
            waiters.sleepUntil(condition);
        }

        @Override
        public long waitEventTimeout(BooleanSupplier condition, long timeoutJiffies) {
            if (condition == null) throw new IllegalArgumentException("condition must not be null");
            if (timeoutJiffies < 0) throw new IllegalArgumentException("timeout " + timeoutJiffies + " is negative");
            Engine e = engine.get();
            long left = timeoutJiffies;
            // include/linux/wait.h ___wait_event() with schedule_timeout()
            while (true) {
                TaskImpl me = e.cpu("wait_event_timeout()").current;
                me.state = TaskState.UNINTERRUPTIBLE;
                if (condition.getAsBoolean()) {
                    me.state = TaskState.RUNNING;
                    return Math.max(left, 1);
                }
                if (left == 0) {
                    me.state = TaskState.RUNNING;
                    return 0;
                }
                waiters.enqueue(me);
                left = e.time.scheduleTimeout(left);
                waiters.dequeue(me);
                if (left == 0) return condition.getAsBoolean() ? 1 : 0;
            }
        }

        @Override public void wakeUp() { waiters.wakeAll(); }
        @Override public int waiters() { return waiters.size(); }
    }

    final class CompletionImpl implements Completion {
        /** UINT_MAX in Linux means complete_all(). */
        private static final int ALL = Integer.MAX_VALUE;
        private int done;
        private final Waiters waiters = new Waiters();

        CompletionImpl(String name) {}

        @Override
        public void waitForCompletion() {
            waiters.sleepUntil(this::tryWait);
        }

        @Override
        public void complete() {
            if (done != ALL) done++;
            waiters.wakeOne();
        }

        @Override
        public void completeAll() {
            done = ALL;
            waiters.wakeAll();
        }

        @Override
        public boolean tryWait() {
            if (done == 0) return false;
            if (done != ALL) done--;
            return true;
        }

        @Override public boolean done() { return done != 0; }
        @Override public void reinit() { done = 0; }
    }
}
