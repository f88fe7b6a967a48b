package dev.statestore.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A data source whose connections, while armed, hold every {@code COMMIT} until released: a
 * transaction of a real store kept open, with its locks, for as long as a test needs.
 */
final class DelayedCommits {

    private final DataSource target;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    DelayedCommits(DataSource target) {
        this.target = target;
    }

    /** Returns the data source whose commits wait for {@link #release()}. */
    DataSource dataSource() {
        InvocationHandler source = (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return method.getName().equals("getConnection") ? delaying((Connection) result) : result;
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                source);
    }

    private Connection delaying(Connection c) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                entered.countDown();
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the commit");
                }
            }
            return invoke(c, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Waits until a commit is being held. */
    void awaitHeldCommit() throws InterruptedException {
        if (!entered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no commit reached the delay in 30 s");
        }
    }

    /** Lets every held and later commit through. */
    void release() {
        release.countDown();
    }
}
