package io.dmsnap.engine.dm;

import io.dmsnap.engine.config.TargetVersion;

import java.util.Objects;

/** A {@link TargetType} made of a name and a constructor function ({@link TargetType#of}). */
final class NamedTargetType implements TargetType
{
    private final String name;
    private final TargetVersion version;
    private final TargetType.Constructor constructor;

    NamedTargetType(final String name, final TargetVersion version, final TargetType.Constructor constructor)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public TargetVersion version()
    {
        return version;
    }

    @Override
    public Target construct(final DmTarget ti, final String[] args) throws DmException
    {
        return constructor.construct(ti, args);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
