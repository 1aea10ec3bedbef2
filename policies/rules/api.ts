/**
 * The OCI API's contracts (facts/ociContracts.ts, iamPolicySyntax.ts), applied to raw
 * `@pulumi/oci` resources of any program: what `pulumi up` would be refused is caught at review.
 * A value unknown during preview is never a violation (it is judged once known). What is advice
 * rather than a refusal goes to an advisory policy of its own.
 */
import { OCI_TYPES } from "../../facts/drSupport";
import { parsePolicyStatement } from "../../facts/iamPolicySyntax";
import {
    ALARM,
    DKIM,
    durationProblem,
    functionRegionProblem,
    HTTP_MONITOR,
    httpMonitorTimeoutProblem,
    NotificationProtocol,
    ONS_SUBSCRIPTION,
    subscriptionEndpointProblem,
    vantagePointsProblem,
} from "../../facts/ociContracts";
import { resourcePolicy, UNNOTED_READS, type Found, type InspectedResource } from "../framework";
import { regionOf, show } from "./inspect";

/** A property's value, or undefined when it is absent or unknown during preview. */
const known = (r: InspectedResource, property: string): unknown => UNNOTED_READS.peek(() => r.props[property]);

/** HttpMonitor and PingMonitor share their intervals and timeouts (ociContracts.ts, PING_MONITOR). */
const monitorProblems = (r: InspectedResource): Found[] => {
    const kind = r.type === OCI_TYPES.pingMonitor ? "PingMonitor" : "HttpMonitor";
    const interval = known(r, "intervalInSeconds");
    const timeout = known(r, "timeoutInSeconds");
    const problems: Found[] = [];
    if (typeof interval === "number" && !(HTTP_MONITOR.intervalsInSeconds as readonly number[]).includes(interval)) {
        problems.push({
            finding: "monitor.intervalInSeconds",
            message: `${kind} "${r.name}" has intervalInSeconds ${interval}; Health Checks accepts ${HTTP_MONITOR.intervalsInSeconds.join(", ")}.`,
        });
    }
    if (typeof timeout === "number") {
        const problem = httpMonitorTimeoutProblem(timeout, typeof interval === "number" ? interval : Number.POSITIVE_INFINITY);
        if (problem) problems.push({ finding: "monitor.timeoutInSeconds", message: `${kind} "${r.name}" timeoutInSeconds: ${problem}.` });
    }
    const vantagePoints = known(r, "vantagePointNames");
    const tooMany = Array.isArray(vantagePoints) ? vantagePointsProblem(vantagePoints) : undefined;
    if (tooMany) problems.push({ finding: "monitor.vantagePointNames", message: `${kind} "${r.name}" vantagePointNames: ${tooMany}.` });
    return problems;
};

/**
 * The endpoint ONS refuses or never delivers to (the rules DrAlarms' schema applies too), and a
 * function of another region than the subscription's. A webhook URL is never quoted.
 */
const subscriptionProblems = (r: InspectedResource): Found[] => {
    const protocol = known(r, "protocol");
    const endpoint = known(r, "endpoint");
    if (typeof protocol !== "string" || typeof endpoint !== "string") return [];
    // A URL may carry a credential (ONS_SUBSCRIPTION.urlProtocols): never quoted.
    const shown = ONS_SUBSCRIPTION.urlProtocols.includes(protocol as NotificationProtocol) ? "the endpoint" : `endpoint ${show(endpoint)}`;
    const problem = subscriptionEndpointProblem(protocol, endpoint);
    if (problem) return [{ finding: "subscription.endpoint", message: `Subscription "${r.name}" (${protocol}): ${shown} ${problem}.` }];
    const region = protocol === NotificationProtocol.ORACLE_FUNCTIONS ? regionOf(r, UNNOTED_READS) : undefined;
    const elsewhere = region ? functionRegionProblem(endpoint, region) : undefined;
    return elsewhere
        ? [{ finding: "subscription.functionRegion", message: `Subscription "${r.name}" in ${region}: ${shown} ${elsewhere}; a topic calls functions of its own region.` }]
        : [];
};

const alarmProblems = (r: InspectedResource): Found[] =>
    (["pendingDuration", "repeatNotificationDuration"] as const).flatMap((field) => {
        const value = known(r, field);
        const problem = typeof value === "string" ? durationProblem(value, ALARM[field]) : undefined;
        return problem ? [{ finding: `alarm.${field}`, message: `Alarm "${r.name}" ${field}: ${problem}.` }] : [];
    });

const statementProblems = (r: InspectedResource): Found[] => {
    const statements = known(r, "statements");
    if (!Array.isArray(statements)) return [];
    return statements.flatMap((statement: unknown) => {
        if (typeof statement !== "string") return [];
        const parsed = parsePolicyStatement(statement);
        return "problem" in parsed ? [{ finding: "policy.statements", message: `Policy "${r.name}": ${parsed.problem} (IAM's policy syntax).` }] : [];
    });
};

const dkimProblems = (r: InspectedResource): Found[] => {
    const selector = known(r, "name");
    if (typeof selector !== "string") return [];
    return DKIM.apiSelector.test(selector) && selector.length <= DKIM.maxSelectorLength
        ? []
        : [{ finding: "dkim.selector", message: `Dkim "${r.name}" has selector ${show(selector)}; the API takes letters, digits, "-" and "." (at most ${DKIM.maxSelectorLength} long).` }];
};

const CONSTRAINED: Record<string, (r: InspectedResource) => Found[]> = {
    [OCI_TYPES.httpMonitor]: monitorProblems,
    [OCI_TYPES.pingMonitor]: monitorProblems,
    [OCI_TYPES.alarm]: alarmProblems,
    [OCI_TYPES.policy]: statementProblems,
    [OCI_TYPES.dkim]: dkimProblems,
    [OCI_TYPES.subscription]: subscriptionProblems,
};

export const apiConstraints = resourcePolicy({
    name: "oic-dr-api-constraints",
    description:
        "Inputs of OCI resources must be within what the OCI API accepts or the service delivers (Health Checks intervals, timeouts and vantage points, alarm durations, IAM statement syntax, DKIM selectors, notification endpoints).",
    enforcementLevel: "mandatory",
    findings: [
        "monitor.intervalInSeconds",
        "monitor.timeoutInSeconds",
        "monitor.vantagePointNames",
        "alarm.pendingDuration",
        "alarm.repeatNotificationDuration",
        "policy.statements",
        "dkim.selector",
        "subscription.endpoint",
        "subscription.functionRegion",
    ],
    remediationSteps: "Change the value to one the message names; each limit and its source is in facts/ociContracts.ts and facts/iamPolicySyntax.ts.",
    types: Object.keys(CONSTRAINED),
    check: (r) => CONSTRAINED[r.type]?.(r),
});

const adviceFor = (r: InspectedResource): Found[] => {
    switch (r.type) {
        case OCI_TYPES.integrationInstance: {
            const compartment = known(r, "compartmentId");
            // "Do NOT select the root or ManagedCompartmentForPaaS compartment in which to create
            // your instance." (Oracle Integration, "Create an Oracle Integration Instance").
            return typeof compartment === "string" && compartment.startsWith("ocid1.tenancy.")
                ? [{ finding: "instance.rootCompartment", message: `Integration instance "${r.name}" is in the root compartment; Oracle advises a compartment of its own.` }]
                : [];
        }
        case OCI_TYPES.subscription:
            // @pulumi/oci 4.20 ons/subscription.d.ts:98: "HTTPS (deprecated; for PagerDuty endpoints, use PAGERDUTY)".
            return known(r, "protocol") === "HTTPS"
                ? [{ finding: "subscription.httpsProtocol", message: `Subscription "${r.name}" uses the HTTPS protocol, which ONS deprecates; use PAGERDUTY, SLACK or CUSTOM_HTTPS.` }]
                : [];
        case OCI_TYPES.dkim: {
            const selector = known(r, "name");
            const refused = typeof selector === "string" && (!DKIM.apiSelector.test(selector) || selector.length > DKIM.maxSelectorLength);
            return typeof selector === "string" && !refused && !DKIM.guideSelector.test(selector)
                ? [{ finding: "dkim.selectorForm", message: `Dkim "${r.name}" has selector ${show(selector)}; Oracle's Email Delivery guide asks for lower-case letters, digits and dashes.` }]
                : [];
        }
        default:
            return [];
    }
};

export const apiAdvice = resourcePolicy({
    name: "oic-dr-api-advice",
    description: "What Oracle advises against though the API accepts it: an instance in the root compartment, the deprecated HTTPS subscription protocol, DKIM selectors outside the Email Delivery guide's form.",
    enforcementLevel: "advisory",
    findings: ["instance.rootCompartment", "subscription.httpsProtocol", "dkim.selectorForm"],
    remediationSteps: "Follow the message; the source of each advice is cited next to its rule in policies/rules/api.ts.",
    types: [OCI_TYPES.integrationInstance, OCI_TYPES.subscription, OCI_TYPES.dkim],
    check: (r) => adviceFor(r),
});
