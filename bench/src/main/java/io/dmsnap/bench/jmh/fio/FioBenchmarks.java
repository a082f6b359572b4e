package io.dmsnap.bench.jmh.fio;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.TimeUnit;

/**
 * The dmtest fio snapshot benchmarks ({@code lib/dmtest/tests/snapshot/fio_tests.rb}) as JMH
 * benchmarks: one method per dmtest name, {@code fio_<target>_<workload>_<type>}.
 *
 * <p>What runs. Every benchmark drives the stack of {@link StackState}: an 80 GiB origin on a
 * null device that completes inline, one snapshot with 4 KiB chunks on a COW device that can never
 * fill. The target is the snapshot-origin device ({@code origin}: the first write to each chunk
 * copies it into the snapshot and waits for that copy), the snapshot device ({@code snapshot}) or
 * the bare data device ({@code raw_device}, the baseline). The workloads are 4 KiB random and
 * 256 KiB sequential writes and reads. Each JMH thread is one fio worker ({@link WorkerState}) on
 * its own region of the device, as dmtest's {@code size}/{@code offset_increment}; the random
 * workloads visit every block of the region once before any block repeats (fio's random map).
 *
 * <p>Why a fresh snapshot per iteration. dmtest creates a new snapshot for every run, so its
 * write figures are copy-on-write figures. A snapshot that lived across iterations would
 * accumulate exceptions, and the later iterations would mostly rewrite chunks already copied, a
 * different and much cheaper path. So {@link StackState} renews the snapshot before each
 * iteration and each worker restarts its walk: every iteration does the same work, and the
 * spread between iterations is noise, not drift.
 *
 * <p>Throughput benchmarks (fio's libaio, iodepth 32). One invocation submits one request; when
 * 32 of the worker's requests are in flight it first waits for one to complete. The score is
 * submissions per second summed over the workers, which in steady state is fio's IOPS. Writes to
 * the origin complete on the snapshot's copier thread after their copy, so the window keeps up to
 * 32 copies per worker in flight, which is what exercises the COW throttle and the locks.
 *
 * <p>Latency benchmarks (fio's psync). One invocation is one request that the worker waits for.
 * SampleTime mode measures single invocations: the score is the mean in microseconds (the figure
 * of the seed's latency tables), the percentiles (p50, p99, p99.9) come with the result.
 *
 * <p>Pitfalls. JMH ramps threads up and down around each iteration (synchronised iterations), so
 * short iterations with many threads on few cores measure the ramp; keep iterations at a second
 * or more for real numbers. More workers than cores measure oversubscription. A worker waits for
 * its completions by spinning briefly and then parking, as an aio reaper would.
 *
 * <p>Parameters (all of {@link StackState}): {@code preset} (v5.0 is the seed's "before",
 * v5.2/current the "after"), {@code set} (switch overrides, {@code a=x;b=y}), {@code store}
 * (N or P), {@code chunk} (sectors), {@code cowThreshold}, {@code originSize}.
 *
 * <p>HOW TO RUN THIS BENCHMARK:
 * <pre>
 * mvn -B -pl bench -am package -DskipTests
 *
 * # one benchmark, two workers, both presets of the seed's comparison:
 * java -jar bench/target/benchmarks.jar 'FioBenchmarks.fio_origin_randwrite_throughput' \
 *     -t 2 -p preset=v5.0,current -wi 1 -w 2s -i 3 -r 2s -f 1
 *
 * # allocation per operation on an already remapped snapshot (a small origin wraps around):
 * java -jar bench/target/benchmarks.jar 'fio_snapshot_randwrite_throughput' -t 1 \
 *     -p originSize=64m -prof gc
 *
 * # the seed's before/after tables for worker counts 1, 2, 4, 8:
 * scripts/dmsnap matrix --quick
 * </pre>
 *
 * <p>Not final: JMH generates a subclass of the benchmark class.
 */
@Fork(1)
@Warmup(iterations = 4, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class FioBenchmarks
{
    // ---- target: origin ----
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_origin_randwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_origin_randwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_origin_seqwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_origin_seqwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_origin_randread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_origin_randread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_origin_seqread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_origin_seqread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    // ---- target: snapshot ----
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_snapshot_randwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_snapshot_randwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_snapshot_seqwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_snapshot_seqwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_snapshot_randread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_snapshot_randread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_snapshot_seqread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_snapshot_seqread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    // ---- target: raw_device ----
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_raw_device_randwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_raw_device_randwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_raw_device_seqwrite_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_raw_device_seqwrite_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_raw_device_randread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_raw_device_randread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fio_raw_device_seqread_throughput(final WorkerState worker)
    {
        return worker.io();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fio_raw_device_seqread_latency(final WorkerState worker)
    {
        return worker.io();
    }

    /** Runs one benchmark with the class defaults: {@code FioBenchmarks [REGEX]}. */
    public static void main(final String... args) throws RunnerException
    {
        final String include = args.length > 0 ? args[0] : "fio_origin_randwrite_throughput";
        new Runner(new OptionsBuilder().include(FioBenchmarks.class.getSimpleName() + "." + include).build()).run();
    }
}
