/**
 * What LVM does in userspace around dm-snapshot: the order of device-mapper operations that
 * builds an origin with snapshots and changes it, and the table lines it loads ({@link
 * io.dmsnap.engine.lvm.LvmStack}). Benchmarks, stress scenarios, soak, crash replay and the
 * engine's tests build their stacks through it.
 */
package io.dmsnap.engine.lvm;
