/**
 * `RegionSubscription`: subscribes the tenancy to a region, which Oracle-managed DR requires for the
 * secondary region before the instance is created. A Pulumi dynamic resource: its provider, which
 * is serialized into the stack, is in regionSubscriptionProvider.ts (read the rules at its top
 * before changing it); this file is the resource the program declares.
 *
 * A region subscription cannot be undone: OCI has no unsubscribe. The resource is therefore always
 * retained on delete and its provider's `delete` touches nothing in the cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts/drSupport";
import { regionSubscriptionProvider, type RegionSubscriptionAuth } from "./regionSubscriptionProvider";

/**
 * The dynamic type (the engine sees `dynamicTypeToken(REGION_SUBSCRIPTION_TYPE)`). Used by the
 * constructor only: the serialized provider captures nothing from drSupport.
 */
export const REGION_SUBSCRIPTION_TYPE = DYNAMIC_TYPES.regionSubscription;

export interface RegionSubscriptionArgs {
    tenancyId: pulumi.Input<string>;
    /** Region identifier of the tenancy's home region; IAM calls go to the home region. */
    homeRegion: pulumi.Input<string>;
    /** Region identifier to subscribe, e.g. "us-phoenix-1". */
    region: pulumi.Input<string>;
    auth?: pulumi.Input<RegionSubscriptionAuth>;
    /** Bound for waiting until the subscription is READY (default 600). */
    waitTimeoutSeconds?: pulumi.Input<number>;
    /** Time between two listings while waiting (default 10). */
    pollIntervalSeconds?: pulumi.Input<number>;
    /** Attempts per API call when OCI answers 429 or 5xx (default 6). */
    maxAttempts?: pulumi.Input<number>;
    /** Overrides the Identity endpoint (tests point it at a local fake). */
    endpoint?: pulumi.Input<string>;
}

/** Keeps only the auth fields that say where credentials are, so nothing else reaches the state. */
function authLocation(auth: RegionSubscriptionAuth | undefined): RegionSubscriptionAuth | undefined {
    if (auth === undefined) return undefined;
    const { method, configFile, profile } = auth;
    return {
        ...(method !== undefined ? { method } : {}),
        ...(configFile !== undefined ? { configFile } : {}),
        ...(profile !== undefined ? { profile } : {}),
    };
}

/**
 * The tenancy's subscription to a region, created (or adopted when it exists) and awaited until
 * READY. Always retained on delete: a region subscription can never be undone.
 */
export class RegionSubscription extends pulumi.dynamic.Resource {
    declare readonly tenancyId: pulumi.Output<string>;
    declare readonly homeRegion: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string>;
    /** Three-letter region key, e.g. "PHX". */
    declare readonly regionKey: pulumi.Output<string>;
    declare readonly regionName: pulumi.Output<string>;
    /** READY once created. */
    declare readonly status: pulumi.Output<string>;
    /** True when the subscription existed already and was adopted. */
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: RegionSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            regionSubscriptionProvider,
            name,
            {
                tenancyId: args.tenancyId,
                homeRegion: args.homeRegion,
                region: args.region,
                auth: args.auth === undefined ? undefined : pulumi.output(args.auth).apply(authLocation),
                waitTimeoutSeconds: args.waitTimeoutSeconds,
                pollIntervalSeconds: args.pollIntervalSeconds,
                maxAttempts: args.maxAttempts,
                endpoint: args.endpoint,
                regionKey: undefined,
                regionName: undefined,
                status: undefined,
                adopted: undefined,
            },
            // A subscription cannot be undone: never let a delete (or a replacement) look like it could.
            pulumi.mergeOptions(opts, { retainOnDelete: true }),
            DYNAMIC_MODULE,
            REGION_SUBSCRIPTION_TYPE,
        );
    }
}
