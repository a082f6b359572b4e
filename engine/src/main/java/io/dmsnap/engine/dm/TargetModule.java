package io.dmsnap.engine.dm;

/**
 * A loadable set of target types (a kernel module such as dm-snapshot). Every
 * {@link DeviceMapper} finds the modules on the class path through {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.dmsnap.engine.dm.TargetModule} entry) and calls
 * {@link #register} once, from its constructor, the way {@code request_module} loads a module
 * the first time a table names one of its targets. Each instance gets a fresh call, so a module
 * keeps per-instance state in {@link DeviceMapper#moduleState}, never in static fields.
 */
public interface TargetModule
{
    /** Register this module's target types with {@code dm} ({@link DeviceMapper#registerTargetType}). */
    void register(DeviceMapper dm);
}
