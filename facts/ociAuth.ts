/**
 * How oic-dr signs its calls to OCI, in one vocabulary: the OCI provider's `auth` words
 * (@pulumi/oci 4.20 provider.d.ts:115, "Options are 'ApiKey', 'InstancePrincipal', ...; By default,
 * 'ApiKey' will be used"), which a stack's `oci:auth` and a component's `ociProvider.auth` already
 * use. The component, the region subscription it creates and the `oic-dr` operations' `--auth` all
 * take these words.
 *
 * Two former spellings stay accepted, as names of the same methods: "ConfigFile", which the
 * region subscription took and an existing stack's state holds in `auth.method`; and the OCI CLI's
 * `--auth` words (`api_key`, ...), which `oic-dr`'s `--auth` took.
 *
 * Imports nothing and exports only plain data and functions that read non-exported locals: the
 * region subscription's serialized provider captures these functions by value (see the top of
 * regionSubscriptionProvider.ts; an exported const would be read as `exports.X`, which the serializer
 * turns into a `require` of this file).
 */

/** Every `auth` the OCI provider takes that a component passes to the providers it creates. */
const PROVIDER_AUTH_METHODS = ["ApiKey", "InstancePrincipal", "SecurityToken", "ResourcePrincipal", "OKEWorkloadIdentity"] as const;

/**
 * The methods oic-dr's own SDK clients sign with (the region subscription, the operations):
 * an OCI config file profile with an API key, the instance's or the resource's principal.
 */
const SDK_AUTH_METHODS_LIST = ["ApiKey", "InstancePrincipal", "ResourcePrincipal"] as const;

/** The former spellings, each with the method it names. */
const FORMER_AUTH_SPELLINGS_MAP: Readonly<Record<string, SdkAuthMethod>> = {
    // RegionSubscription's `auth.method` until this vocabulary: kept in existing stacks' state.
    ConfigFile: "ApiKey",
    // The OCI CLI's `--auth` (https://docs.oracle.com/en-us/iaas/tools/oci-cli/latest/oci_cli_docs/),
    // which `oic-dr`'s `--auth` took until this vocabulary.
    api_key: "ApiKey",
    instance_principal: "InstancePrincipal",
    resource_principal: "ResourcePrincipal",
};

export type ProviderAuthMethod = (typeof PROVIDER_AUTH_METHODS)[number];
export type SdkAuthMethod = (typeof SDK_AUTH_METHODS_LIST)[number];

export const OCI_PROVIDER_AUTH_METHODS = PROVIDER_AUTH_METHODS;
export const SDK_AUTH_METHODS = SDK_AUTH_METHODS_LIST;
export const FORMER_AUTH_SPELLINGS: Readonly<Record<string, SdkAuthMethod>> = FORMER_AUTH_SPELLINGS_MAP;
/** What the SDK clients use when no method is named: the config file, as the provider's default. */
export const DEFAULT_AUTH_METHOD: SdkAuthMethod = "ApiKey";

/**
 * The SDK method `value` names, in this vocabulary or a former spelling; undefined for anything
 * else (the provider-only methods included: the SDK clients cannot sign with them).
 */
export function sdkAuthMethod(value: unknown): SdkAuthMethod | undefined {
    if (typeof value !== "string") return undefined;
    if ((SDK_AUTH_METHODS_LIST as readonly string[]).includes(value)) return value as SdkAuthMethod;
    return Object.prototype.hasOwnProperty.call(FORMER_AUTH_SPELLINGS_MAP, value) ? FORMER_AUTH_SPELLINGS_MAP[value] : undefined;
}

