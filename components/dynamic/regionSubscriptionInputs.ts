/**
 * The check of the region subscription's inputs: every failure names the property, the value given
 * and what is allowed. Serialized with the provider (regionSubscriptionProvider.ts, whose rules
 * hold here): the values used are non-exported locals, and no package is required by name.
 */
import * as pulumi from "@pulumi/pulumi";
import { SDK_AUTH_METHODS, sdkAuthMethod } from "../../facts/ociAuth";
import { regionKeyOf, type Sdk } from "./regionSubscriptionOci";

/** Held in non-exported locals: see the top of regionSubscriptionProvider.ts. */
const authMethodOf = sdkAuthMethod;
const AUTH_METHODS: readonly string[] = SDK_AUTH_METHODS;
const regionKeyIn = regionKeyOf;

/**
 * Pulumi's marker for a value not known during preview; the engine sends it as this string
 * (pulumi/pulumi @ 1b5949891b3c sdk/go/common/resource/plugin/rpc.go:73). Read into a module
 * constant so the serializer captures the string: the provider must not load the Pulumi SDK.
 */
const UNKNOWN_VALUE: string = pulumi.runtime.unknownValue;

function describeValue(value: unknown): string {
    return value === undefined ? "undefined" : JSON.stringify(value);
}

type InputFailure = { property: string; reason: string };

const TENANCY_OCID = /^ocid1\.tenancy\.oc\d+\.\.[a-z0-9]+$/;
const REGION_IDENTIFIER = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AUTH_KEYS = ["method", "configFile", "profile"];

/**
 * What is wrong with the inputs, each failure naming the property, the value given and what is
 * allowed. Written out rather than with zod: this runs inside the serialized provider, where a
 * package required by name would come from the program's directory (see the top of regionSubscriptionProvider.ts).
 * A value unknown during preview is checked once it is known.
 */
export function inputFailures(sdk: Sdk, inputs: unknown): InputFailure[] {
    if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
        return [{ property: "(inputs)", reason: `the inputs must be an object, got ${describeValue(inputs)}` }];
    }
    const given = inputs as Record<string, unknown>;
    const failures: InputFailure[] = [];
    const check = (property: string, value: unknown, problem: (value: unknown) => string | undefined) => {
        if (value === UNKNOWN_VALUE) return;
        const reason = problem(value);
        if (reason !== undefined) failures.push({ property, reason });
    };
    const optional = (problem: (value: unknown) => string | undefined) => (value: unknown) =>
        value === undefined ? undefined : problem(value);

    check("tenancyId", given.tenancyId, (v) =>
        typeof v !== "string"
            ? `tenancyId must be a tenancy OCID string, got ${describeValue(v)}`
            : TENANCY_OCID.test(v)
              ? undefined
              : `tenancyId ${describeValue(v)} is not a tenancy OCID; expected ocid1.tenancy.<realm>..<unique id>, e.g. ocid1.tenancy.oc1..aaaa...`,
    );
    for (const property of ["homeRegion", "region"]) {
        check(property, given[property], (v) => regionProblem(sdk, property, v));
    }
    check("auth", given.auth, optional((auth) => {
        if (typeof auth !== "object" || auth === null || Array.isArray(auth)) {
            return `auth must be an object with method, configFile and profile, got ${describeValue(auth)}`;
        }
        const fields = auth as Record<string, unknown>;
        check("auth.method", fields.method, optional((v) =>
            authMethodOf(v) !== undefined
                ? undefined
                : `auth.method ${describeValue(v)} is not supported; allowed: ${AUTH_METHODS.join(", ")}`,
        ));
        check("auth.configFile", fields.configFile, optional((v) =>
            typeof v === "string" && v.length > 0 ? undefined : `auth.configFile must be a non-empty path, got ${describeValue(v)}`,
        ));
        check("auth.profile", fields.profile, optional((v) =>
            typeof v === "string" && v.length > 0 ? undefined : `auth.profile must be a non-empty profile name, got ${describeValue(v)}`,
        ));
        // Only the names of the extra keys: their values may be the very credentials refused here.
        const extra = Object.keys(fields).filter((k) => !AUTH_KEYS.includes(k));
        return extra.length === 0
            ? undefined
            : `auth may only name ${AUTH_KEYS.slice(0, -1).join(", ")} and ${AUTH_KEYS.at(-1)}, not ${extra.join(", ")}: ` +
                  "keys and credentials stay in the OCI config file and never enter the stack";
    }));
    for (const property of ["waitTimeoutSeconds", "pollIntervalSeconds"]) {
        check(property, given[property], optional((v) =>
            typeof v !== "number" || !Number.isFinite(v)
                ? `${property} must be a number of seconds, got ${describeValue(v)}`
                : v > 0
                  ? undefined
                  : `${property} ${describeValue(v)} must be greater than 0 (seconds)`,
        ));
    }
    check("maxAttempts", given.maxAttempts, optional((v) =>
        typeof v !== "number"
            ? `maxAttempts must be a whole number, got ${describeValue(v)}`
            : Number.isInteger(v) && v >= 1 && v <= 20
              ? undefined
              : `maxAttempts ${describeValue(v)} must be a whole number from 1 to 20`,
    ));
    check("endpoint", given.endpoint, optional(endpointProblem));
    check("retryBaseDelaySeconds", given.retryBaseDelaySeconds, optional((v) =>
        typeof v !== "number" || !Number.isFinite(v)
            ? `retryBaseDelaySeconds must be a number of seconds, got ${describeValue(v)}`
            : v >= 0
              ? undefined
              : `retryBaseDelaySeconds ${describeValue(v)} must be 0 or more seconds`,
    ));
    return failures;
}

/** Why `value` is not a region identifier the SDK knows; a malformed one gets only the format message. */
function regionProblem(sdk: Sdk, property: string, value: unknown): string | undefined {
    if (typeof value !== "string") return `${property} must be a region identifier string, got ${describeValue(value)}`;
    if (!REGION_IDENTIFIER.test(value)) {
        return `${property} ${describeValue(value)} is not an OCI region identifier; expected lowercase like "us-phoenix-1"`;
    }
    if (regionKeyIn(sdk, value) === undefined) {
        return (
            `${property} ${describeValue(value)} is not a region oci-common knows; use a region identifier such as "us-phoenix-1" ` +
            "(newer regions: ~/.oci/regions-config.json or OCI_REGION_METADATA)"
        );
    }
    return undefined;
}

/**
 * Why `value` is not an http(s) URL, parsed by the WHATWG URL parser as the SDK's HTTP client will.
 * A URL carrying a user or password is refused without printing it: it would land in state.
 */
function endpointProblem(value: unknown): string | undefined {
    const allowed = 'an http(s) URL such as "https://identity.us-ashburn-1.oci.oraclecloud.com"';
    let url: URL | undefined;
    try {
        url = typeof value === "string" ? new URL(value) : undefined;
    } catch {
        url = undefined;
    }
    if (url && (url.username !== "" || url.password !== "")) {
        return `endpoint must not carry a user or password (the value is not shown); give ${allowed}`;
    }
    if (url?.protocol === "http:" || url?.protocol === "https:") return undefined;
    // Whatever precedes an "@" may be a user and password, also in a value that is no URL at all.
    const shown = typeof value === "string" && value.includes("@") ? "(not shown: it contains an @)" : describeValue(value);
    return `endpoint ${shown} is not ${allowed}`;
}
