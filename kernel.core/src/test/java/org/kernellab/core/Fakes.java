package org.kernellab.core;

import java.lang.reflect.Proxy;

/** Small fakes of framework interfaces for unit tests: each call is answered by its method's name. */
final class Fakes {
    private Fakes() { }

    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    /** An implementation of {@code type} answering each call by name; what answers null to a boolean method gives false. */
    static <T> T of(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName() + " fake";
                };
            }
            Object r = answer.answer(method.getName(), args);
            return r == null && method.getReturnType() == boolean.class ? Boolean.FALSE : r;
        }));
    }
}
