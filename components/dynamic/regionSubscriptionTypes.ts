// The region subscription provider's inputs, state and auth location: types only, so the
// provider's modules (regionSubscriptionProvider.ts, regionSubscriptionOci.ts,
// regionSubscriptionInputs.ts) share them without importing one another in a circle.

/**
 * How the SDK authenticates. Only where the credentials are is recorded, never the credentials:
 * these values end up in the stack's state.
 */
export interface RegionSubscriptionAuth {
    // A string, not a union of the three names: the component's schema for other languages cannot
    // express a union (Pulumi's component analyzer refuses them; see provider/README.md). The
    // provider's `check` refuses any other value, naming the allowed ones (regionSubscriptionInputs.ts).
    // The words are the OCI provider's `auth` (ociAuth.ts); "ConfigFile", this field's former name
    // of ApiKey, is still read: existing stacks hold it in their state.
    /** "ApiKey" (default: ~/.oci/config, or configFile), "InstancePrincipal" or "ResourcePrincipal". */
    method?: string;
    /** Path of the OCI config file (default `$OCI_CONFIG_FILE`, then ~/.oci/config). Only for ApiKey. */
    configFile?: string;
    /** Profile in that file (default "DEFAULT"). Only for ApiKey. */
    profile?: string;
}

/** What the provider receives: the arguments, resolved. */
export interface RegionSubscriptionInputs {
    tenancyId: string;
    homeRegion: string;
    region: string;
    auth?: RegionSubscriptionAuth;
    waitTimeoutSeconds?: number;
    pollIntervalSeconds?: number;
    maxAttempts?: number;
    endpoint?: string;
    /**
     * Delay before the first retry, doubled on each further retry (default 1 s, as the SDK's own
     * backoff). Not an argument of the component: it exists so tests can retry in milliseconds.
     */
    retryBaseDelaySeconds?: number;
}

/** The provider's state: the non-secret inputs plus what OCI reports. */
export interface RegionSubscriptionOutputs extends RegionSubscriptionInputs {
    /** Three-letter region key, e.g. "PHX". */
    regionKey: string;
    regionName: string;
    /** READY once created; `read` reports whatever OCI lists. */
    status: string;
    /** True when the subscription existed before this resource was created. */
    adopted: boolean;
}
