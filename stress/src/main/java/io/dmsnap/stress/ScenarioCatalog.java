package io.dmsnap.stress;

import java.util.List;

/**
 * A group of scenarios, found through {@link java.util.ServiceLoader}; {@link Scenarios#all()}
 * merges every catalog and sorts by ID.
 */
public interface ScenarioCatalog
{
    List<Scenario> scenarios();
}
