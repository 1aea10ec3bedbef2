/**
 * `TagPolicies`: the IAM policy that lets the instance's creators use tag namespaces. Creating a
 * DR instance with defined or default tags fails without it, in the standby region too.
 *
 * The statements are exactly those of Oracle's DR guide, one per group, and no broader: the
 * Default-domain form `allow group G use tag-namespaces in tenancy`, or for another domain
 * `allow group D/G use tag-namespaces in tenancy`.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { parseWith, tagPoliciesArgsSchema, type TagPoliciesSettings } from "./config";

export const TAG_POLICIES_TYPE = "oic-dr:index:TagPolicies";

export interface TagPoliciesArgs {
    readonly tenancyId: string;
    /** Groups that create the instance. */
    readonly groups: readonly string[];
    /** The non-default identity domain holding the groups; omit for the Default domain. */
    readonly domainName?: string;
    /** Provider for the tenancy's home region: IAM is written there. */
    readonly homeProvider: oci.Provider;
    readonly freeformTags?: Record<string, string>;
}

/** The statements for these groups, in the form the guide gives for their domain. */
export function tagNamespaceStatements(settings: Pick<TagPoliciesSettings, "groups" | "domainName">): string[] {
    return settings.groups.map((group) => {
        const subject = settings.domainName ? `${settings.domainName}/${group}` : group;
        return `allow group ${subject} use tag-namespaces in tenancy`;
    });
}

export class TagPolicies extends pulumi.ComponentResource {
    readonly policy: oci.identity.Policy;
    readonly statements: pulumi.Output<string[]>;

    constructor(name: string, args: TagPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseWith(
            tagPoliciesArgsSchema,
            { tenancyId: args?.tenancyId, groups: args?.groups, domainName: args?.domainName },
            "TagPolicies arguments",
        );
        super(TAG_POLICIES_TYPE, name, {}, opts);
        const statements = tagNamespaceStatements(settings);
        this.policy = new oci.identity.Policy(
            `${name}-tag-namespaces`,
            {
                // Policies on `in tenancy` must live in the root compartment.
                compartmentId: settings.tenancyId,
                name: `${name}-use-tag-namespaces`,
                description: "Lets the groups that create the Oracle Integration DR instance use tag namespaces (Oracle-managed DR prerequisite).",
                statements,
                freeformTags: args.freeformTags,
            },
            { parent: this, provider: args.homeProvider },
        );
        this.statements = pulumi.output(statements);
        this.registerOutputs({ statements: this.statements, policyId: this.policy.id });
    }
}
