/**
 * The recovery objectives Oracle states for Oracle-managed disaster recovery of Oracle Integration 3:
 * RPO one hour, RTO one hour (seed 000; Oracle Integration 3, Configuring an Oracle-Managed Disaster
 * Recovery Solution (G10051-10, March 2025), "About Oracle-Managed Disaster Recovery").
 */

/** Oracle's RTO for Oracle-managed DR, in seconds: one hour. */
export const RTO_SECONDS = 3600;

/**
 * Oracle's RPO for Oracle-managed DR, in seconds: one hour. Stated, not enforced: nothing the
 * product runs can measure how much data a failover lost.
 */
export const RPO_SECONDS = 3600;
