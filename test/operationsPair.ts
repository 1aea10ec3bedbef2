/**
 * The DR pair the operations' tests act on, as the Integration API fake serves it, and the names of
 * the key that signs: plain values, without vitest, so the benchmark (bench/readiness.ts) uses the
 * same pair as the tests.
 */
export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
export const USER = "ocid1.user.oc1..aaaaaaaaopsuser";
/** A profile other than DEFAULT, as on-call machines often have. */
export const PROFILE = "OPS";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaadrcompartment";
export const ASHBURN = "us-ashburn-1";
export const PHOENIX = "us-phoenix-1";
export const PRIMARY_ID = "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary";
export const STANDBY_ID = "ocid1.integrationinstance.oc1.phx.aaaaaaaastandby";

/** An ACTIVE instance as the Integration API fake serves it (addPair sets its role). */
export function activeInstance(id: string, region: string, displayName: string, regionalInstanceUrl = `https://${displayName}-${region}.example.com`) {
    return { id, region, displayName, compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", regionalInstanceUrl };
}

