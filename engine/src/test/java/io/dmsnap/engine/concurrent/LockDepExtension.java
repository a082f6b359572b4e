package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs every engine test under the lock-order checker when {@code -Ddmsnap.lockdep=true} (as
 * {@code mvn verify} sets it): each test learns the order afresh (tests run historic variants whose
 * orders differ on purpose) and fails with both acquisition stacks when it took two lock classes
 * in both orders. Registered for every test through JUnit's extension auto-detection
 * ({@code junit-platform.properties}, {@code META-INF/services}).
 */
public final class LockDepExtension implements BeforeEachCallback, AfterEachCallback
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LockDepExtension.class);

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        if (LockDep.ENABLED)
        {
            LockDep.forgetOrder();
            context.getStore(NAMESPACE).put("from", LockDep.violations().size());
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (LockDep.ENABLED)
        {
            LockDep.checkNoViolations(context.getStore(NAMESPACE).get("from", Integer.class));
        }
    }
}
