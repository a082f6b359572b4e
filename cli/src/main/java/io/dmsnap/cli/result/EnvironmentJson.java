package io.dmsnap.cli.result;

import tools.jackson.core.JsonGenerator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code environment} object of a {@code dmsnap-result/1} file, written and read. Every member
 * is always written; an unknown value is {@code null}, so a reader can tell "not recorded" from a
 * member a damaged file lost (which is an error).
 */
final class EnvironmentJson
{
    private EnvironmentJson()
    {
    }

    static void write(final JsonGenerator w, final Environment env)
    {
        w.writeStartObject();
        string(w, "startTime", env.startTime().map(Instant::toString));
        w.writeObjectPropertyStart("git");
        string(w, "commit", env.gitCommit());
        w.writeName("dirty");
        if (env.gitDirty().isPresent())
        {
            w.writeBoolean(env.gitDirty().get());
        }
        else
        {
            w.writeNull();
        }
        w.writeEndObject();
        w.writeObjectPropertyStart("jdk");
        string(w, "vendor", env.jdkVendor());
        string(w, "version", env.jdkVersion());
        string(w, "vm", env.jvmName());
        w.writeName("jvmArgs");
        if (env.jvmArgs().isPresent())
        {
            strings(w, env.jvmArgs().get());
        }
        else
        {
            w.writeNull();
        }
        w.writeEndObject();
        w.writeObjectPropertyStart("cpu");
        string(w, "model", env.cpuModel());
        w.writeName("cores");
        if (env.cores().isPresent())
        {
            w.writeNumber(env.cores().get());
        }
        else
        {
            w.writeNull();
        }
        w.writeEndObject();
        w.writeObjectPropertyStart("os");
        string(w, "name", env.osName());
        string(w, "version", env.osVersion());
        string(w, "arch", env.osArch());
        string(w, "kernel", env.kernel());
        w.writeEndObject();
        string(w, "host", env.host());
        string(w, "tool", env.tool());
        w.writeName("engine");
        if (env.engine().isPresent())
        {
            w.writeStartObject();
            w.writeStringProperty("preset", env.engine().get().preset());
            w.writeObjectPropertyStart("switches");
            for (final Map.Entry<String, String> e : env.engine().get().switches().entrySet())
            {
                w.writeStringProperty(e.getKey(), e.getValue());
            }
            w.writeEndObject();
            w.writeEndObject();
        }
        else
        {
            w.writeNull();
        }
        w.writeName("jmh");
        if (env.jmh().isPresent())
        {
            jmh(w, env.jmh().get());
        }
        else
        {
            w.writeNull();
        }
        w.writeEndObject();
    }

    private static void jmh(final JsonGenerator w, final JmhSettings jmh)
    {
        w.writeStartObject();
        string(w, "jmhVersion", jmh.jmhVersion());
        w.writeName("modes");
        strings(w, jmh.modes());
        w.writeArrayPropertyStart("threads");
        for (final int t : jmh.threads())
        {
            w.writeNumber(t);
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("forks");
        for (final int f : jmh.forks())
        {
            w.writeNumber(f);
        }
        w.writeEndArray();
        phases(w, "warmup", jmh.warmup());
        phases(w, "measurement", jmh.measurement());
        w.writeEndObject();
    }

    private static void phases(final JsonGenerator w, final String name, final List<JmhSettings.Phase> phases)
    {
        w.writeArrayPropertyStart(name);
        for (final JmhSettings.Phase p : phases)
        {
            w.writeStartObject();
            w.writeNumberProperty("iterations", p.iterations());
            w.writeStringProperty("time", p.time());
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    private static void string(final JsonGenerator w, final String name, final Optional<String> value)
    {
        w.writeName(name);
        if (value.isPresent())
        {
            w.writeString(value.get());
        }
        else
        {
            w.writeNull();
        }
    }

    private static void strings(final JsonGenerator w, final List<String> values)
    {
        w.writeStartArray();
        for (final String v : values)
        {
            w.writeString(v);
        }
        w.writeEndArray();
    }

    static Environment read(final JsonCursor env)
    {
        final Environment.Builder b = Environment.builder();
        final Optional<String> start = env.get("startTime").nullableString();
        if (start.isPresent())
        {
            try
            {
                b.startTime(Instant.parse(start.get()));
            }
            catch (final DateTimeParseException e)
            {
                throw env.get("startTime").error("expected an ISO-8601 instant such as 2026-11-21T10:02:03Z, found \""
                    + start.get() + "\"");
            }
        }
        final JsonCursor git = env.get("git");
        b.gitCommit(git.get("commit").nullableString().orElse(null));
        final JsonCursor dirty = git.get("dirty");
        b.gitDirty(dirty.isNull() ? null : dirty.bool());
        final JsonCursor jdk = env.get("jdk");
        b.jdkVendor(jdk.get("vendor").nullableString().orElse(null));
        b.jdkVersion(jdk.get("version").nullableString().orElse(null));
        b.jvmName(jdk.get("vm").nullableString().orElse(null));
        final JsonCursor args = jdk.get("jvmArgs");
        b.jvmArgs(args.isNull() ? null : strings(args));
        final JsonCursor cpu = env.get("cpu");
        b.cpuModel(cpu.get("model").nullableString().orElse(null));
        final JsonCursor cores = cpu.get("cores");
        b.cores(cores.isNull() ? null : cores.intAtLeast(1));
        final JsonCursor os = env.get("os");
        b.osName(os.get("name").nullableString().orElse(null));
        b.osVersion(os.get("version").nullableString().orElse(null));
        b.osArch(os.get("arch").nullableString().orElse(null));
        b.kernel(os.get("kernel").nullableString().orElse(null));
        b.host(env.get("host").nullableString().orElse(null));
        b.tool(env.get("tool").nullableString().orElse(null));
        final JsonCursor engine = env.get("engine");
        if (!engine.isNull())
        {
            final Map<String, String> switches = new TreeMap<>();
            for (final Map.Entry<String, JsonCursor> e : engine.get("switches").members())
            {
                switches.put(e.getKey(), e.getValue().string());
            }
            final String preset = engine.get("preset").string();
            if (preset.isBlank())
            {
                throw engine.get("preset").error("a preset name must not be blank");
            }
            b.engine(new EngineSetup(preset, new TreeMap<>(switches)));
        }
        final JsonCursor jmh = env.get("jmh");
        if (!jmh.isNull())
        {
            b.jmh(jmh(jmh));
        }
        return b.build();
    }

    private static JmhSettings jmh(final JsonCursor jmh)
    {
        final List<String> modes = strings(jmh.get("modes"));
        final List<Integer> threads = new ArrayList<>();
        for (final JsonCursor t : jmh.get("threads").elements())
        {
            threads.add(t.intAtLeast(1));
        }
        final List<Integer> forks = new ArrayList<>();
        for (final JsonCursor f : jmh.get("forks").elements())
        {
            forks.add(f.intAtLeast(0));
        }
        return new JmhSettings(jmh.get("jmhVersion").nullableString(), modes, threads, forks, phases(jmh.get("warmup")),
            phases(jmh.get("measurement")));
    }

    private static List<JmhSettings.Phase> phases(final JsonCursor array)
    {
        final List<JmhSettings.Phase> phases = new ArrayList<>();
        for (final JsonCursor p : array.elements())
        {
            final String time = p.get("time").string();
            if (time.isBlank())
            {
                throw p.get("time").error("a phase's time must not be blank");
            }
            phases.add(new JmhSettings.Phase(p.get("iterations").intAtLeast(0), time));
        }
        return phases;
    }

    private static List<String> strings(final JsonCursor array)
    {
        final List<String> values = new ArrayList<>();
        for (final JsonCursor v : array.elements())
        {
            values.add(v.string());
        }
        return values;
    }
}
