/**
 * The IAM policy that lets the instance's creators manage integration instances: a pre-install task
 * of Oracle-managed DR. Oracle's current "User Responsibilities" page of the DR guide
 * (https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/user-responsibilities.html,
 * read 2026-12-07) lists "add a policy to manage integration instances" among the tasks of
 * "Perform Preinstallation Tasks"; that page itself could not be read (no stored copy), so the
 * statement follows IAM's own reference for the resource type: Oracle Integration's only resource
 * type is `integration-instance`, whose `manage` verb covers creating, updating and deleting
 * instances ("IAM Policies for Oracle Integration",
 * https://docs.oracle.com/iaas/application-integration/doc/iam-policies-oracle-integration.html),
 * and the statement Oracle prints for it elsewhere is `Allow group <g> to manage
 * integration-instance in compartment <c>` ("Policies for Integration Instance",
 * https://docs.oracle.com/en-us/iaas/disaster-recovery/doc/integrationinstance-policies.html).
 *
 * The location is the instance's compartment by OCID (`compartment id <ocid>`, IAM's "Policy
 * Syntax"), or `tenancy` for the root compartment; the policy lives in the root compartment, which
 * may grant on any compartment, in the home region (IAM's). Declared only for the subjects named:
 * who creates instances is the tenancy's choice, and a broader default would grant too much.
 *
 * Several pairs of one stack that need the same policy share one, declared once for the stack, as
 * the tag policy is (tagPolicies.ts, stackTagPolicies).
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { iamLocation, iamStatements } from "../../facts/iamPolicySyntax";
import { deploymentRegistry } from "../support/deploymentRegistry";
import { childName, ociName, stackName } from "../support/naming";

/** Who gets `manage integration-instance`, in the words of DrPairedIntegration's `instancePolicy`. */
export interface InstancePolicySubjects {
    readonly groups: readonly string[];
    readonly dynamicGroups: readonly string[];
    /** The non-default identity domain that holds them (IAM writes `Domain/Name`); undefined for the Default domain. */
    readonly domainName: string | undefined;
}

/** One statement per subject, in IAM's grammar (facts/iamPolicySyntax.ts). */
export function manageInstanceStatements(subjects: InstancePolicySubjects, tenancyId: string, compartmentId: string): string[] {
    // Sorted and unique: pairs naming the same groups in another order share one policy.
    const sortedUnique = (names: readonly string[]) => [...new Set(names)].sort();
    const principals = { groups: sortedUnique(subjects.groups), dynamicGroups: sortedUnique(subjects.dynamicGroups), domainName: subjects.domainName };
    return iamStatements(principals, "manage", ["integration-instance"], iamLocation(compartmentId, tenancyId));
}

/** One pair's request for the policy. @internal */
export interface InstancePolicyRequest {
    readonly subjects: InstancePolicySubjects;
    readonly tenancyId: pulumi.Input<string>;
    readonly compartmentId: pulumi.Input<string>;
    readonly homeRegion: string;
    /** The pair's home-region provider; a policy shared by the stack uses the first requester's. */
    readonly provider: oci.Provider;
    readonly namePrefix: string;
    readonly freeformTags: Record<string, string> | undefined;
    /** The pair, and its name: the parent and name of its own policy when none can be shared. */
    readonly pair: pulumi.Resource;
    readonly pairName: string;
}

const DESCRIPTION = "Lets the named groups manage Oracle Integration instances (Oracle-managed DR pre-install task).";

/**
 * The policy for this pair: the stack's, shared with every pair of the stack that asks for the same
 * statements, tenancy, home region, prefix and tags (named and owned as stackTagPolicies names and
 * owns the tag policy, for the same reasons); the pair's own when the tenancy or compartment is an
 * Output, whose value (hence the policy's identity) is not known while pairs are declared.
 */
export function instancePolicy(request: InstancePolicyRequest): oci.identity.Policy {
    const { subjects, tenancyId, compartmentId, homeRegion, provider, namePrefix, freeformTags, pair, pairName } = request;
    if (typeof tenancyId !== "string" || typeof compartmentId !== "string") {
        return new oci.identity.Policy(
            childName.instancePolicy(pairName),
            {
                compartmentId: tenancyId,
                name: ociName.instancePolicy(namePrefix, childName.instancePolicy(pairName)),
                description: DESCRIPTION,
                statements: pulumi.all([tenancyId, compartmentId]).apply(([tenancy, compartment]) => manageInstanceStatements(subjects, tenancy, compartment)),
                freeformTags,
            },
            { parent: pair, provider },
        );
    }
    const statements = manageInstanceStatements(subjects, tenancyId, compartmentId);
    const content = {
        tenancyId,
        homeRegion,
        statements,
        namePrefix,
        freeformTags: Object.fromEntries(Object.entries(freeformTags ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 8);
    const declared = deploymentRegistry<oci.identity.Policy>("instance-policies");
    const existing = declared.get(digest);
    if (existing) return existing;
    const name = stackName.instancePolicy(digest);
    // Owned by the stack, not by the pair that asked first: removing that pair leaves it in place.
    const policy = new oci.identity.Policy(
        name,
        { compartmentId: tenancyId, name: ociName.instancePolicy(namePrefix, name), description: DESCRIPTION, statements, freeformTags },
        { provider },
    );
    declared.set(digest, policy);
    return policy;
}
