/**
 * Every Oracle and OCI fact the product enforces, each with where it comes from: the one registry
 * `oic-dr facts` prints and the README's "What Oracle-managed DR allows" table is generated from
 * (scripts/generateDocs.ts). An entry restates nothing: its `constants` are the fact modules' own
 * exports, and what it shows is derived from them. test/factCatalogue.test.ts fails when a fact
 * has no source, and when a fact module exports a constant that is neither here nor in
 * {@link NOT_ORACLE_FACTS}.
 */
import { drGuideSection, CONNECTIVITY_AGENT_PLAN_PAGE, DR_USER_RESPONSIBILITIES_PAGE, ociGoSdk, oraclePage, pulumiOciTypings, type FactSource } from "./factSource";
import * as drSupport from "./drSupport";
import * as fullStackDr from "./fullStackDr";
import * as iamPolicySyntax from "./iamPolicySyntax";
import * as ociAuth from "./ociAuth";
import * as ociContracts from "./ociContracts";
import * as recoveryObjectives from "./recoveryObjectives";
import * as regions from "./regions";

/** One enforced fact. */
export interface EnforcedFact {
    /** A stable name, e.g. `region-pairs`. */
    readonly id: string;
    /** What the fact says, in this project's words. */
    readonly statement: string;
    /** The fact's value for people, derived from its constants. */
    readonly shown: string;
    /** The fact module that holds it, e.g. `facts/regions.ts`. */
    readonly module: string;
    /** The module's exports that make up the fact, by export name (the constants themselves). */
    readonly constants: Readonly<Record<string, unknown>>;
    /** Where it comes from: at least one source. */
    readonly sources: readonly FactSource[];
    /** What in the product enforces it: policies of the pack, components, operations. */
    readonly enforcedBy: string;
    /** The row of the README's "What Oracle-managed DR allows" table that shows it, if any. */
    readonly readmeRow?: string;
}

const list = (items: readonly unknown[]) => items.map(String).join(", ");
const hours = (seconds: number) => (seconds === 3600 ? "one hour" : `${seconds / 3600} hours`);
const uniqueFeatures = Object.values(drSupport.DR_UNSUPPORTED_INSTANCE_FIELDS)
    .map((f) => f.feature)
    .filter((feature, i, all) => all.indexOf(feature) === i);
const pairSources = [...new Set(regions.regionPairs.map((p) => p.source))].map((key) => regions.REGION_PAIR_SOURCES[key]);

const NOT_SUPPORTED = drGuideSection("What's Not Supported?");
const SUPPORTED = drGuideSection("What's Supported?");
const INSTALL = drGuideSection("Install and Configure Oracle Integration for Disaster Recovery");

/** The registry, in the order `oic-dr facts` prints it. */
export const ENFORCED_FACTS: readonly EnforcedFact[] = Object.freeze([
    {
        id: "region-pairs",
        statement: "Oracle-managed DR runs only in fixed region pairs; either region of a pair can hold the primary, the other holds the standby.",
        shown: `${regions.regionPairs.length} fixed pairs, either side primary: ${regions.regionPairs.map((p) => p.regions.map((r) => r.location).join(" / ")).join("; ")}`,
        module: "facts/regions.ts",
        constants: {
            regionPairs: regions.regionPairs,
            drRegions: regions.drRegions,
            drRegionIdentifiers: regions.drRegionIdentifiers,
            DrRegionIdentifier: regions.DrRegionIdentifier,
            REGION_PAIR_SOURCES: regions.REGION_PAIR_SOURCES,
        },
        sources: pairSources,
        enforcedBy: "oic-dr-paired-region; DrPairedIntegration and the paired components derive the standby's region",
        readmeRow: "Regions",
    },
    {
        id: "editions",
        statement: "Only the Enterprise and Healthcare editions can be DR-enabled; Standard cannot.",
        shown: Object.entries(drSupport.DR_EDITIONS)
            .map(([edition, type]) => `${edition} (\`${type}\`)`)
            .join(", "),
        module: "facts/drSupport.ts",
        constants: { DrEdition: drSupport.DrEdition, DR_EDITIONS: drSupport.DR_EDITIONS, DR_SUPPORTED_INSTANCE_TYPES: drSupport.DR_SUPPORTED_INSTANCE_TYPES },
        sources: [SUPPORTED, INSTALL],
        enforcedBy: "oic-dr-supported-edition; DrPairedIntegration's edition argument",
        readmeRow: "Editions",
    },
    {
        id: "shape",
        statement: "A DR-enabled instance has the production shape; the development shape is refused.",
        shown: `\`${drSupport.DR_SHAPE}\` only`,
        module: "facts/drSupport.ts",
        constants: { DR_SHAPE: drSupport.DR_SHAPE },
        sources: [INSTALL, NOT_SUPPORTED],
        enforcedBy: "oic-dr-production-shape; DrPairedIntegration sets it",
        readmeRow: "Shape",
    },
    {
        id: "unsupported-features",
        statement:
            "Features Oracle-managed DR does not support: those an instance input turns on are refused by that input, the others are said.",
        shown: `${list(uniqueFeatures)}; and, with no input to check: ${list(drSupport.DR_UNSUPPORTED_UNCHECKED)}`,
        module: "facts/drSupport.ts",
        constants: {
            DR_UNSUPPORTED_INSTANCE_FIELDS: drSupport.DR_UNSUPPORTED_INSTANCE_FIELDS,
            DR_UNSUPPORTED_UNCHECKED: drSupport.DR_UNSUPPORTED_UNCHECKED,
            DR_NOT_SUPPORTED_SOURCE: drSupport.DR_NOT_SUPPORTED_SOURCE,
        },
        sources: [NOT_SUPPORTED],
        enforcedBy: "oic-dr-no-unsupported-features, oic-dr-no-network-acl, oic-dr-no-custom-endpoint; DrPairedIntegration's arguments",
        readmeRow: "Not supported",
    },
    {
        id: "private-endpoints",
        statement:
            "Private endpoints are supported when enabled on both the primary and the secondary instance (the March 2025 guide listed them as not supported; Oracle's current page allows them on both).",
        shown: "on both instances or on neither (`privateEndpoints`: one subnet per region)",
        module: "facts/drSupport.ts",
        constants: { DR_PRIVATE_ENDPOINTS_SOURCE: drSupport.DR_PRIVATE_ENDPOINTS_SOURCE },
        sources: [DR_USER_RESPONSIBILITIES_PAGE],
        enforcedBy: "oic-dr-no-private-endpoint (an endpoint on one instance of a pair only); DrPairedIntegration's privateEndpoints",
        readmeRow: "Private endpoints",
    },
    {
        id: "recovery-objectives",
        statement: "Oracle states an RPO and an RTO for Oracle-managed DR, and failover is started by the user, never automatically.",
        shown: `RPO ${hours(recoveryObjectives.RPO_SECONDS)}, RTO ${hours(recoveryObjectives.RTO_SECONDS)}; failover is started by the user`,
        module: "facts/recoveryObjectives.ts",
        constants: { RTO_SECONDS: recoveryObjectives.RTO_SECONDS, RPO_SECONDS: recoveryObjectives.RPO_SECONDS },
        sources: [SUPPORTED],
        enforcedBy: "oic-dr failover and PairRoles wait the RTO by default; oic-dr drill fails a leg longer than the RTO",
        readmeRow: "Objectives",
    },
    {
        id: "agents-per-group",
        statement: "An agent group of Oracle Integration holds at most two connectivity agents.",
        shown: `at most ${drSupport.MAX_AGENTS_PER_GROUP} agents per group`,
        module: "facts/drSupport.ts",
        constants: { MAX_AGENTS_PER_GROUP: drSupport.MAX_AGENTS_PER_GROUP },
        sources: [CONNECTIVITY_AGENT_PLAN_PAGE],
        enforcedBy: "oic-dr-agent-group-size; ConnectivityAgentGroup's replicas",
    },
    {
        id: "health-checks-monitors",
        statement: "Health Checks monitors take a few fixed intervals and timeouts (the timeout no longer than the interval), at most ten vantage points, and count only 2xx answers as healthy.",
        shown: `intervals ${list(ociContracts.HTTP_MONITOR.intervalsInSeconds)} s; timeouts ${list(ociContracts.HTTP_MONITOR.timeoutsInSeconds)} s; at most ${ociContracts.HTTP_MONITOR.maxVantagePoints} vantage points; ping protocols ${list(ociContracts.PING_MONITOR.protocols)}; healthy: ${ociContracts.HEALTHY_HTTP_STATUS.minimum}-${ociContracts.HEALTHY_HTTP_STATUS.belowOf - 1}`,
        module: "facts/ociContracts.ts",
        constants: { HTTP_MONITOR: ociContracts.HTTP_MONITOR, PING_MONITOR: ociContracts.PING_MONITOR, HEALTHY_HTTP_STATUS: ociContracts.HEALTHY_HTTP_STATUS },
        sources: [
            pulumiOciTypings("healthchecks/httpMonitor.d.ts:97, :133; pingMonitor.d.ts:86, :114; types/output.d.ts:177699"),
            oraclePage("Creating an HTTP Monitor", "https://docs.oracle.com/iaas/Content/HealthChecks/Tasks/create-http-monitor.htm", "Vantage points"),
            ociGoSdk("vendor/github.com/oracle/oci-go-sdk/v65/healthchecks/ping_probe_protocol.go:23-24"),
        ],
        enforcedBy: "oic-dr-api-constraints; DrAlarms' probe arguments",
    },
    {
        id: "alarms",
        statement: "An alarm's severity is one of four, and its pending and repeat durations lie within the Monitoring API's bounds.",
        shown: `severities ${list(ociContracts.ALARM.severities)}; pending ${ociContracts.ALARM.pendingDuration.minimum}-${ociContracts.ALARM.pendingDuration.maximum}; repeat ${ociContracts.ALARM.repeatNotificationDuration.minimum}-${ociContracts.ALARM.repeatNotificationDuration.maximum}`,
        module: "facts/ociContracts.ts",
        constants: { ALARM: ociContracts.ALARM, AlarmSeverity: ociContracts.AlarmSeverity },
        sources: [pulumiOciTypings("monitoring/alarm.d.ts:177, :209"), ociGoSdk("vendor/github.com/oracle/oci-go-sdk/v65/monitoring/alarm.go:241-244")],
        enforcedBy: "oic-dr-api-constraints; DrAlarms' arguments",
    },
    {
        id: "notification-subscriptions",
        statement: "A notification subscription's endpoint must be deliverable for its protocol: an email address, an E.164 number, a function OCID, or an http(s) URL of at most 512 characters (without a query for Slack and custom HTTPS).",
        shown: `protocols ${list(ociContracts.NOTIFICATION_PROTOCOLS)}; URLs at most ${ociContracts.ONS_SUBSCRIPTION.maxUrlLength} characters; no query for ${list(ociContracts.ONS_SUBSCRIPTION.urlWithoutQuery)}`,
        module: "facts/ociContracts.ts",
        constants: {
            NotificationProtocol: ociContracts.NotificationProtocol,
            NOTIFICATION_PROTOCOLS: ociContracts.NOTIFICATION_PROTOCOLS,
            ONS_SUBSCRIPTION: ociContracts.ONS_SUBSCRIPTION,
            EMAIL_ADDRESS: ociContracts.EMAIL_ADDRESS,
        },
        sources: [
            pulumiOciTypings("ons/subscription.d.ts:77, :93-104"),
            oraclePage("Creating an SMS Subscription", "https://docs.oracle.com/iaas/Content/Notification/Tasks/create-subscription-sms.htm", "step: the number in E.164 format (read in the ja-jp rendering)"),
            oraclePage("Creating a Slack Subscription", "https://docs.oracle.com/iaas/Content/Notification/Tasks/create-subscription-slack.htm"),
            oraclePage("Creating an HTTPS (Custom URL) Subscription", "https://docs.oracle.com/iaas/Content/Notification/Tasks/create-subscription-https.htm"),
        ],
        enforcedBy: "oic-dr-api-constraints, oic-dr-api-advice; DrAlarms' notification arguments",
    },
    {
        id: "integration-instance-values",
        statement: "An integration instance's consumption model and data retention period are each one of a closed set.",
        shown: `consumption models ${list(ociContracts.CONSUMPTION_MODELS)}; retention ${list(ociContracts.DATA_RETENTION_PERIODS)}`,
        module: "facts/ociContracts.ts",
        constants: { INTEGRATION_INSTANCE: ociContracts.INTEGRATION_INSTANCE, CONSUMPTION_MODELS: ociContracts.CONSUMPTION_MODELS, DATA_RETENTION_PERIODS: ociContracts.DATA_RETENTION_PERIODS },
        sources: [
            ociGoSdk("vendor/github.com/oracle/oci-go-sdk/v65/integration/create_integration_instance_details.go:249-251; extend_data_retention_details.go:49-51"),
        ],
        enforcedBy: "DrPairedIntegration's arguments",
    },
    {
        id: "dkim-selectors",
        statement: "A DKIM selector is ASCII letters, digits, dots and dashes for the API, and at most 63 lower-case letters, digits and dashes in Oracle's guide.",
        shown: `API ${ociContracts.DKIM.apiSelector.source}; guide ${ociContracts.DKIM.guideSelector.source}`,
        module: "facts/ociContracts.ts",
        constants: { DKIM: ociContracts.DKIM },
        sources: [
            pulumiOciTypings("email/dkim.d.ts:103"),
            oraclePage("Creating a DKIM Record", "https://docs.oracle.com/iaas/Content/Email/Tasks/managing_dkim-create_dkim_record.htm", "DKIM selector (read in the ja-jp rendering)"),
        ],
        enforcedBy: "oic-dr-api-constraints, oic-dr-api-advice; EmailDelivery's selectors",
    },
    {
        id: "iam-policy-syntax",
        statement: 'An IAM statement reads "Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]", with one of four verbs.',
        shown: `verbs ${list(iamPolicySyntax.IAM_VERBS)}`,
        module: "facts/iamPolicySyntax.ts",
        constants: { IAM_VERBS: iamPolicySyntax.IAM_VERBS },
        sources: [oraclePage("Policy Syntax", "https://docs.oracle.com/iaas/Content/Identity/Concepts/policysyntax.htm")],
        enforcedBy: "oic-dr-api-constraints; the IAM statements TagPolicies writes",
    },
    {
        id: "full-stack-dr",
        statement:
            "Full Stack DR takes an Oracle Integration instance as an INTEGRATION_INSTANCE member of a protection group; its plans are created at the standby group; its integration steps are the switchover and failover and their prechecks; its IAM statements name these resource types.",
        shown: `member ${fullStackDr.FSDR_INTEGRATION_MEMBER_TYPE}; plans ${list(fullStackDr.FSDR_PLANS.map((p) => p.type))} at the ${fullStackDr.FSDR_ROLES.standby} group; steps ${list(fullStackDr.FSDR_INTEGRATION_STEP_TYPES)}; IAM ${list(fullStackDr.FSDR_POLICY_RESOURCES.map((r) => r.resourceType))}; log bucket tier ${fullStackDr.FSDR_LOG_BUCKET_TIER}`,
        module: "facts/fullStackDr.ts",
        constants: {
            FSDR_INTEGRATION_MEMBER_TYPE: fullStackDr.FSDR_INTEGRATION_MEMBER_TYPE,
            FSDR_INTEGRATION_STEP_TYPES: fullStackDr.FSDR_INTEGRATION_STEP_TYPES,
            FSDR_PLANS: fullStackDr.FSDR_PLANS,
            FSDR_ROLES: fullStackDr.FSDR_ROLES,
            FSDR_POLICY_RESOURCES: fullStackDr.FSDR_POLICY_RESOURCES,
            FSDR_LOG_BUCKET_TIER: fullStackDr.FSDR_LOG_BUCKET_TIER,
        },
        sources: [
            {
                title: "oracle/terraform-provider-oci, OIC member support for Full Stack Disaster Recovery",
                url: "https://github.com/oracle/terraform-provider-oci/blob/master/CHANGELOG.md",
                revision: "7.29.0",
                section: "CHANGELOG.md:502; disaster_recovery_dr_protection_group_resource.go:142, 2358-2364",
            },
            { title: "oracle/oci-go-sdk", url: "https://github.com/oracle/oci-go-sdk", revision: "7ce2eb7c4688c212b7d1bdf8e7c759f52477cffa", section: "disasterrecovery/dr_plan_step_type.go:146-149" },
            oraclePage("Overview of Disaster Recovery Plans", "https://docs.oracle.com/en/cloud/iaas/disaster-recovery/cssgm/overview-dr-plans.html", "item 7"),
            oraclePage("Policies for Integration Instance", "https://docs.oracle.com/en/cloud/iaas/disaster-recovery/cssgm/integrationinstance-policies.html"),
            oraclePage("Preparing Log Location for Operation Logs", "https://docs.oracle.com/en-us/iaas/disaster-recovery/doc/object-storage-for-logs.html"),
        ],
        enforcedBy: "oic-dr-fsdr-member-region, oic-dr-fsdr-both-regions; FullStackDr (DrPairedIntegration's fullStackDr)",
    },
    {
        id: "oci-auth-methods",
        statement: "The OCI provider signs with one of a fixed set of auth methods, ApiKey by default; oic-dr's own SDK clients take three of them.",
        shown: `provider ${list(ociAuth.OCI_PROVIDER_AUTH_METHODS)}; SDK ${list(ociAuth.SDK_AUTH_METHODS)}; default ${ociAuth.DEFAULT_AUTH_METHOD}`,
        module: "facts/ociAuth.ts",
        constants: {
            OCI_PROVIDER_AUTH_METHODS: ociAuth.OCI_PROVIDER_AUTH_METHODS,
            SDK_AUTH_METHODS: ociAuth.SDK_AUTH_METHODS,
            DEFAULT_AUTH_METHOD: ociAuth.DEFAULT_AUTH_METHOD,
            FORMER_AUTH_SPELLINGS: ociAuth.FORMER_AUTH_SPELLINGS,
        },
        sources: [
            pulumiOciTypings("provider.d.ts:115"),
            oraclePage("OCI CLI Command Reference (--auth)", "https://docs.oracle.com/en-us/iaas/tools/oci-cli/latest/oci_cli_docs/"),
        ],
        enforcedBy: "the components' ociProvider.auth, RegionSubscription, the operations' --auth",
    },
]);

/**
 * Exports of the fact modules that are not facts Oracle states, each with why: names of our own,
 * the provider's type tokens, a citation. Nothing listed here needs a source.
 */
export const NOT_ORACLE_FACTS: Readonly<Record<string, string>> = Object.freeze({
    OCI_TYPES: "the Pulumi type tokens of the provider's resources: names, not rules",
    DYNAMIC_MODULE: "the module our dynamic resources register under (our name)",
    DYNAMIC_TYPES: "our dynamic resources' type names",
    AGENT_LABELS: "the Kubernetes labels this project puts on agent workloads (our names)",
    AGENT_INSTANCE_HOST_ANNOTATION: "the annotation this project puts on agent workloads (our name)",
    REGION_SUBSCRIPTION_TOKEN: "the engine's type token of our RegionSubscription",
    REGION_IDENTIFIER:
        "the form of any region identifier, to tell one from a typo; whether a region exists is asked of oci-common's catalogue (facts/regionCatalogue.ts)",
});

/**
 * What is wrong with the facts' sources, one line per problem: a fact without a source, a source
 * without a title, an https URL, a revision or the day it was read, or a seed that is not a seed's
 * file name. Empty when every fact carries its source.
 */
export function sourceProblems(facts: readonly EnforcedFact[] = ENFORCED_FACTS): string[] {
    const problems: string[] = [];
    for (const fact of facts) {
        if (fact.sources.length === 0) problems.push(`${fact.id} has no source`);
        for (const [i, source] of fact.sources.entries()) {
            const where = `${fact.id}, source ${i + 1}`;
            if (!source.title?.trim()) problems.push(`${where} has no title`);
            if (!/^https:\/\/\S+$/.test(source.url ?? "")) problems.push(`${where} has no https URL`);
            if (!source.revision?.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(source.read ?? "")) problems.push(`${where} has neither a revision nor the day it was read (YYYY-MM-DD)`);
            if (source.seed !== undefined && !/^\d{3}_[0-9a-f]{16}\.txt\b/.test(source.seed)) problems.push(`${where} names a seed that is not a seed's file name: ${source.seed}`);
        }
    }
    return problems;
}

/** The registry's value for `--format json`: the constants as data (a pattern as its source text). */
export function factsJson(facts: readonly EnforcedFact[] = ENFORCED_FACTS): string {
    const data = facts.map(({ readmeRow: _row, ...fact }) => fact);
    return `${JSON.stringify(data, (_key, value: unknown) => (value instanceof RegExp ? value.source : value), 2)}\n`;
}

/** A source in one line: title, section, revision or the day read, and the seed. */
export function sourceLine(source: FactSource): string {
    const when = [source.revision, source.read === undefined ? undefined : `read ${source.read}`].filter(Boolean).join(", ");
    return [
        `${source.title}${source.section === undefined ? "" : `, ${source.section}`} (${when})`,
        source.url,
        ...(source.seed === undefined ? [] : [`seed ${source.seed}`]),
    ].join("; ");
}
