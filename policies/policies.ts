/**
 * The oic-dr policies: what Oracle-managed disaster recovery does not support, and what a DR
 * deployment needs to be operable. They inspect raw `@pulumi/oci` resources, so they guard any
 * program, not only those built with the oic-dr components.
 *
 * Each policy is one constant in rules/, one file per subject; IDs are stable (suppressions and
 * waivers refer to them). The facts (pairs, editions, shape, type tokens) come from the same
 * modules the components use. This file is the pack: which policies, in which order.
 */
import type { Policies } from "@pulumi/policy";
import { agentGroupSize } from "./rules/agentGroups";
import { failoverAlarm } from "./rules/alarms";
import { apiAdvice, apiConstraints } from "./rules/api";
import { sendersInBothRegions } from "./rules/email";
import { fsdrBothRegions, fsdrMemberRegion } from "./rules/fullStackDr";
import { identityDomainReplicated } from "./rules/identity";
import { drEnabledPolicy, noFailoverTrigger, noUnsupportedFeatures, productionShape, protectedInstance, supportedEdition } from "./rules/instance";
import { noCustomEndpoint, noNetworkAcl, privateEndpointsOnBoth } from "./rules/network";
import { pairedRegion } from "./rules/regions";

export const POLICY_PACK_NAME = "oic-dr";

/** The pack, in the order the engine reports them. */
export const policies = [
    supportedEdition,
    productionShape,
    noNetworkAcl,
    privateEndpointsOnBoth,
    noCustomEndpoint,
    pairedRegion,
    noUnsupportedFeatures,
    sendersInBothRegions,
    failoverAlarm,
    identityDomainReplicated,
    protectedInstance,
    drEnabledPolicy,
    noFailoverTrigger,
    agentGroupSize,
    fsdrMemberRegion,
    fsdrBothRegions,
    apiConstraints,
    apiAdvice,
] satisfies Policies;

/** The name of an oic-dr policy, as the engine, `--policy-pack-config` and waivers know it. */
export type OicDrPolicyName = (typeof policies)[number]["name"];
