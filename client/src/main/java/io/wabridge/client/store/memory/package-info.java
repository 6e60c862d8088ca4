/**
 * The store SPI in memory: for tests, the demo and single-process use where losing state on restart is fine.
 *
 * <p>Each session owns its own concurrent maps, so sessions never contend; within a session, calls come from
 * one serial executor, which is what makes the few read-then-write operations (identity trust on first use,
 * LID remapping) consistent without locks.
 */
package io.wabridge.client.store.memory;
