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
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedValues } from "./composition";
import { tagPoliciesArgsSchema, type TagPoliciesSettings } from "./config";
import { childName, ociName } from "./naming";
import { providerPackageProblems } from "./providers";
import { parseWith } from "./validation";

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
    return settings.groups.map((group) => {
        const subject = settings.domainName ? `${settings.domainName}/${group}` : group;
        return `Allow group ${subject} to use tag-namespaces in tenancy`;
    });
}

export class TagPolicies extends pulumi.ComponentResource {
    readonly policy: oci.identity.Policy;
    readonly statements: pulumi.Output<string[]>;

    constructor(name: string, args: TagPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = composedValues<TagPoliciesSettings>(args) ?? validate(args, opts);
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
            // The home region's provider comes from opts.provider, through the parent.
            { parent: this },
        );
        this.statements = pulumi.output(statements);
        this.registerOutputs({ statements: this.statements, policyId: this.policy.id });
    }
}

function validate(args: TagPoliciesArgs, opts: pulumi.ComponentResourceOptions | undefined): TagPoliciesSettings {
    return parseWith(tagPoliciesArgsSchema, args, "TagPolicies arguments", providerPackageProblems(opts, "oci", oci.Provider.isInstance));
}
