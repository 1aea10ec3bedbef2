/**
 * `TagPolicies`: the IAM policy that lets the instance's creators use tag namespaces. Creating a
 * DR instance with defined or default tags fails without it, in the standby region too.
 *
 * One statement per group and no broader: `Allow group G to use tag-namespaces in tenancy` for
 * the Default domain, `Allow group D/G to use tag-namespaces in tenancy` for another. Oracle's DR
 * guide prints these without `to`; IAM's own policy grammar requires it
 * (`Allow <subject> to <verb> <resource-type> in <location>`), and the service's reference wins.
 *
 * IAM lives in the tenancy's home region: pass that region's OCI provider as `opts.provider`
 * (without one, the default provider's region must be the home region).
 *
 * Several DrPairedIntegrations of one stack need the same policy: they share one, declared once
 * for the stack (see {@link stackTagPolicies}).
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { composedArgs, composedValues } from "../support/composition";
import { iamStatements } from "../../facts/iamPolicySyntax";
import { tagPoliciesArgsSchema, type TagPoliciesSettings } from "./schema";
import { childName, ociName, stackName } from "../support/naming";
import { providerPackageProblems } from "../support/providers";
import { parseWith } from "../support/validation";
import { deploymentRegistry } from "../support/deploymentRegistry";

export const TAG_POLICIES_TYPE = "oic-dr:index:TagPolicies";

export interface TagPoliciesArgs {
    /** The tenancy: policies on `in tenancy` live in its root compartment. May be another resource's output. */
    tenancyId: pulumi.Input<string>;
    /** Groups that create the instance (at least one), without their domain. */
    groups: string[];
    /** The non-default identity domain holding the groups; omit for the Default domain. */
    domainName?: string;
    freeformTags?: Record<string, string>;
    /**
     * Starts the policy's name, which OCI keeps unique across the tenancy. Default
     * `<project>-<stack>`: two stacks in one tenancy never claim the same name.
     */
    namePrefix?: string;
}

/** The statements for these groups, in the form IAM requires for their domain. */
export function tagNamespaceStatements(settings: Pick<TagPoliciesSettings, "groups" | "domainName">): string[] {
    return iamStatements({ groups: settings.groups, dynamicGroups: [], domainName: settings.domainName }, "use", ["tag-namespaces"], "tenancy");
}

/** What a composing component passes: the validated settings, and whether the policy was adopted from a pair. @internal */
interface ComposedTagPolicies extends TagPoliciesSettings {
    /** Keep the OCI name the adopted policy has (see {@link stackTagPolicies}). */
    readonly keepsAdoptedName?: boolean;
}

export class TagPolicies extends pulumi.ComponentResource {
    readonly policy: oci.identity.Policy;
    readonly statements: pulumi.Output<string[]>;

    constructor(name: string, args: TagPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings: ComposedTagPolicies = composedValues<ComposedTagPolicies>(args) ?? validate(args, opts);
        super(TAG_POLICIES_TYPE, name, {}, opts);
        const statements = tagNamespaceStatements(settings);
        this.policy = new oci.identity.Policy(
            childName.tagPolicy(name),
            {
                // Policies on `in tenancy` must live in the root compartment.
                compartmentId: settings.tenancyId,
                name: ociName.tagPolicy(settings.namePrefix, name),
                description: "Lets the groups that create the Oracle Integration DR instance use tag namespaces (Oracle-managed DR prerequisite).",
                statements,
                freeformTags: settings.freeformTags,
            },
            // The home region's provider comes from opts.provider, through the parent. OCI cannot
            // rename a policy (terraform-provider-oci identity_policy_resource.go:45-49, name is
            // ForceNew): an adopted policy keeps its name rather than being replaced.
            { parent: this, aliases: childName.tagPolicy.aliases(name), ...(settings.keepsAdoptedName ? { ignoreChanges: ["name"] } : {}) },
        );
        this.statements = pulumi.output(statements);
        this.registerOutputs({ statements: this.statements, policyId: this.policy.id });
    }
}

/** One pair's request for the policy: its validated settings, its home region and provider. @internal */
export interface TagPolicyRequest {
    readonly settings: TagPoliciesSettings;
    readonly homeRegion: string;
    /** The pair's home-region provider; the stack's policy uses the first requester's. */
    readonly provider: oci.Provider;
    /** The pair, and the name its own TagPolicies had before the stack's was shared (for the alias). */
    readonly pair: pulumi.Resource;
    readonly formerName: string;
}

/**
 * The stack's `use tag-namespaces` policy for these settings: declared by the first pair that
 * asks for it, reused by every other pair of the stack that asks for the same one. Undefined when
 * the tenancy is an Output (its value, hence the policy's identity, is not known while pairs are
 * declared): the pair then declares its own, as before.
 *
 * Why a stack-level registry, keyed by content, with the policy owned by the stack:
 * - Identical means the same statements, tenancy (the root compartment), home region, name prefix
 *   and tags: the policy's whole content. Groups are sorted, so their order does not matter.
 * - Its Pulumi name is a digest of that content and its parent is the stack, not a pair: the
 *   order the pairs are declared in, or removing the pair that declared it first, changes neither
 *   its URN nor its inputs. Owned by a pair instead, it would move (delete and create) with
 *   that pair.
 * - The trade-off: its provider is the first requester's home provider (providers are per pair).
 *   When that pair goes, the next one's provider takes over; the engine diffs the two providers'
 *   configurations and replaces nothing when they agree (pulumi/pulumi
 *   pkg/resource/deploy/step_generator.go providerChanged, 2800-2870), which they do for pairs of
 *   one tenancy with the same provider settings. Changing the statements (a group added) gives a
 *   new digest, hence a new policy created before the old one is deleted, never a gap.
 * - An existing stack adopts the policy the first pair declared: the alias names that pair's
 *   former TagPolicies URN (the engine carries it to the child policy, step_generator.go
 *   inheritedChildAlias, 587-622), and the OCI name it had is kept. Other pairs' former, now
 *   duplicate, policies are deleted.
 * - A user who wants it elsewhere declares TagPolicies once and sets `tagPolicy.enabled: false`
 *   on the pairs, passing it in their `dependsOn`.
 *
 * @internal
 */
export function stackTagPolicies(request: TagPolicyRequest): TagPolicies | undefined {
    const { settings, homeRegion, provider, pair, formerName } = request;
    if (typeof settings.tenancyId !== "string") return undefined;
    const groups = [...new Set(settings.groups)].sort();
    const content = {
        tenancyId: settings.tenancyId,
        homeRegion,
        statements: tagNamespaceStatements({ groups, domainName: settings.domainName }),
        namePrefix: settings.namePrefix,
        freeformTags: Object.fromEntries(Object.entries(settings.freeformTags ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 8);
    const declared = declaredInThisDeployment();
    const existing = declared.get(digest);
    if (existing) return existing;
    const policies = new TagPolicies(
        stackName.tagPolicies(digest),
        composedArgs<TagPoliciesArgs, ComposedTagPolicies>({ ...settings, groups, keepsAdoptedName: true }),
        { provider, aliases: [{ name: formerName, parent: pair }] },
    );
    declared.set(digest, policies);
    return policies;
}

/** The stack policies declared so far in the running deployment (support/deploymentRegistry.ts). */
function declaredInThisDeployment(): Map<string, TagPolicies> {
    return deploymentRegistry<TagPolicies>("tag-policies");
}

function validate(args: TagPoliciesArgs, opts: pulumi.ComponentResourceOptions | undefined): TagPoliciesSettings {
    return parseWith(tagPoliciesArgsSchema, args, "TagPolicies arguments", providerPackageProblems(opts, "oci", oci.Provider.isInstance));
}
