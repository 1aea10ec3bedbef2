/**
 * The instance's view of its DR pair, from the provider's `disasterRecoveryDetails`: the types the
 * component exposes as `disasterRecovery` and its parts (private endpoints) read the partner from.
 */

/** The instance's view of the pair, read from the provider's `disasterRecoveryDetails`. */
export interface DisasterRecoveryView {
    /** Role of the instance this stack manages (PRIMARY or SECONDARY), once known. */
    readonly role: string | undefined;
    /** URL of the managed instance in its own region (the global URL is `instanceUrl`). */
    readonly regionalUrl: string | undefined;
    /** The instance Oracle created in the partner region. */
    readonly crossRegion: CrossRegionInstanceView | undefined;
}

/** The instance in the partner region, as the primary's `disasterRecoveryDetails` name it. */
export interface CrossRegionInstanceView {
    /** Its OCID. */
    readonly id: string;
    readonly region: string;
    /** PRIMARY or SECONDARY. */
    readonly role: string;
    /** The time of its last role change (RFC 3339). */
    readonly timeRoleChanged: string;
}
