/**
 * `oic-dr readiness`: whether the pair would survive the loss of a region today. Oracle's guide
 * leaves the customer a checklist (the partner region subscribed, a non-default domain replicated,
 * email set up alike in both regions, File Server reached by hostname, a plan for the agents, the
 * integrations that poll known, alarms because OIC sends no notification); each item is a check
 * here, read-only, against the live pair.
 *
 * A check has a stable id (scripts and waivers key on it), a status, what it found, what to do, and
 * the page of Oracle's guide it comes from. `mandatory` checks decide the exit code; the others
 * warn. A check that cannot run (its region does not answer, no OAuth client was given) is
 * NOT_RUN with the reason, and the others still run.
 */
import type { RegionClient } from "../clients/ociClient";
import type { InstanceSide } from "../instancePair";

export const READINESS_STATUSES = ["PASS", "FAIL", "WARN", "NOT_RUN"] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

/** A page of Oracle's documentation a check follows. */
export interface GuidePage {
    readonly title: string;
    readonly url: string;
}

/** What a check reports. */
export interface CheckOutcome {
    readonly status: ReadinessStatus;
    /** What was found, in a sentence or a list; for NOT_RUN, why it did not run. */
    readonly found: string;
    /** What to do about it; null when nothing is to be done. */
    readonly todo: string | null;
}

/** One line of the report. */
export interface ReadinessCheckResult extends CheckOutcome {
    readonly id: string;
    readonly title: string;
    readonly mandatory: boolean;
    readonly source: GuidePage;
}

/** The OIC REST side of one instance, when an OAuth client was given (else the OIC checks are NOT_RUN). */
export interface OicAccess {
    /** The REST client of the instance's design-time host (operations/clients/oicRestClient.ts). */
    readonly client: import("../clients/oicRestClient").OicRestClient;
    readonly designHost: string;
}

/**
 * What the checks read from: the two instances, the clients of each region's services, the OIC
 * REST API of each instance, and the settings the command was given. Everything is lazy and made
 * once: a check that needs nothing of a region never makes its clients.
 */
export interface ReadinessContext {
    /** The instance given (or picked by --region), then its partner, each read in its own region. */
    readonly sides: readonly InstanceSide[];
    /** The tenancy the credentials belong to (or --tenancy). */
    readonly tenancyId: string | undefined;
    /** The Integration API client of a region. */
    integration(region: string): Promise<RegionClient>;
    /** The retry configuration every call has (clients/ociClient.ts), for calls of the other services. */
    readonly retryConfiguration: import("oci-common").RetryConfiguration;
    /** Any other OCI service's client for a region, with --endpoint/--peer-endpoint as its base (clients/ociClient.ts serviceClient). */
    service<C extends { endpoint: string; region: import("oci-common").Region }>(region: string, Client: import("../clients/ociClient").ServiceClientClass<C>): Promise<C>;
    /** The OIC REST access of the instance in `region`, or the reason there is none (no OAuth client, no design-time URL). */
    oic(region: string): Promise<OicAccess | { readonly unavailable: string }>;
    /** Settings of the checks that take them (e.g. the drill history file). */
    readonly options: ReadinessOptions;
    /** The time the run started (the age of the last drill is measured against it). */
    readonly now: Date;
}

export interface ReadinessOptions {
    /** `oic-dr drill --history FILE`: where the drills' results are (last-drill). */
    readonly drillHistory?: string;
    /** Days after which the last drill is too old (default 90). */
    readonly maxDrillAgeDays: number;
}

/** One check: its id, whether it decides the exit code, the page it follows, and how it runs. */
export interface ReadinessCheck {
    readonly id: string;
    readonly title: string;
    readonly mandatory: boolean;
    readonly source: GuidePage;
    run(context: ReadinessContext): Promise<CheckOutcome>;
}

/**
 * `Promise.all` that waits for every call before it fails. A check that gave up at the first
 * failure would leave its other requests running after the report: their retries, and the SDK's
 * notes about them on stderr, would come after the verdict. Throws the first failure, once all
 * have settled.
 */
export async function allAnswered<T extends readonly unknown[] | []>(calls: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
    const results = await Promise.allSettled(calls);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult | undefined;
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** The outcome of a check that cannot run, and why. */
export const notRun = (why: string): CheckOutcome => ({ status: "NOT_RUN", found: why, todo: null });

export interface ReadinessReport {
    /** Both instances as read: region, id, role, or why they could not be read. */
    readonly sides: readonly InstanceSide[];
    readonly checks: readonly ReadinessCheckResult[];
    readonly summary: { readonly pass: number; readonly fail: number; readonly warn: number; readonly notRun: number; readonly mandatoryFailed: number };
}
