package org.kernellab.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's one-shot delimited continuations ({@code jdk.internal.vm.Continuation}, what virtual
 * threads are built on), reached through method handles so that nothing is linked against the
 * internal package. A task body runs inside a continuation that the engine's own thread runs,
 * and yields back to it: a switch is a yield and a run, with no carrier handoff and no
 * park/unpark. Usable only when the JVM opens the package to the unnamed module
 * ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}; inside Felix also
 * {@code org.osgi.framework.bootdelegation=jdk.internal.vm}); {@link #AVAILABLE} says whether it
 * is, and {@link #WHY_NOT} why not. This is a probe of the JVM, made once per class loader, not
 * state of any machine.
 */
final class Conts {
    /** True when continuations can be made, run and yielded here. */
    static final boolean AVAILABLE;
    /** Why not, when {@link #AVAILABLE} is false. */
    static final String WHY_NOT;

    private static final Object SCOPE;
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle DONE;

    static {
        Object scope = null;
        MethodHandle mNew = null, mRun = null, mYield = null, mDone = null;
        String why = null;
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup l = MethodHandles.lookup();
            scope = l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class)).invoke("kernellab");
            mNew = l.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            mRun = l.findVirtual(contClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            mYield = l.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            mDone = l.findVirtual(contClass, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            // one round trip, to be sure the VM supports them, not only that the classes resolve
            MethodHandle y = mYield;
            Object s = scope;
            Object probe = mNew.invoke(s, (Runnable) () -> {
                try {
                    y.invoke(s);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            mRun.invoke(probe);
            mRun.invoke(probe);
            if (!(boolean) mDone.invoke(probe)) why = "a probe continuation did not finish";
        } catch (Throwable t) {
            why = t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        AVAILABLE = why == null;
        WHY_NOT = why;
        SCOPE = scope;
        NEW = mNew;
        RUN = mRun;
        YIELD = mYield;
        DONE = mDone;
    }

    private Conts() {}

    /** A continuation that will run {@code body} when first run. */
    static Object create(Runnable body) {
        try {
            return NEW.invokeExact(SCOPE, body);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Runs {@code c} on this thread until it yields or ends. */
    static void run(Object c) {
        try {
            RUN.invokeExact(c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Suspends the continuation running on this thread; returns when it is run again. Throws
     * IllegalStateException when it cannot be suspended (pinned: a native frame on its stack,
     * or a monitor held on a JDK that cannot yield with one).
     */
    static void yieldNow() {
        try {
            boolean ignored = (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean isDone(Object c) {
        try {
            return (boolean) DONE.invokeExact(c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
