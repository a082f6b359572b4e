package io.dmsnap.engine.block;

/**
 * The time source of the device timing model ({@link TimedDevice}, {@link CompletionTimer}), in
 * nanoseconds on an arbitrary origin, like {@link System#nanoTime()}.
 *
 * <p>Production code uses {@link #SYSTEM}. Tests pass a clock they advance by hand, so that due
 * times and completions can be checked exactly without reading wall-clock time. Implementations
 * must be callable from any thread and must never go backwards.
 */
@FunctionalInterface
public interface DeviceClock
{
    /** {@link System#nanoTime()}. */
    DeviceClock SYSTEM = System::nanoTime;

    long nanoTime();
}
