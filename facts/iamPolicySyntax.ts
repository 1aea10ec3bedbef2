/**
 * A small grammar of Oracle's IAM policy statements, for checking the statements this library
 * writes (and, later, any program's): `Allow <subject> to <verb> <resource-type> in <location>
 * [where <conditions>]`.
 *
 * Source: "Policy Syntax", https://docs.oracle.com/iaas/Content/Identity/Concepts/policysyntax.htm
 * - subject: one or more, comma-separated, of `group <name>` (`group A, B` names two groups), `group id <ocid>`,
 *   `dynamic-group <name>`, `dynamic-group id <ocid>`, `any-group`, `any-user` (and `service
 *   <name>`, which Oracle's service policies use); a name in a non-default identity domain is
 *   written `<domain>/<name>`, either part optionally in single quotes;
 * - verb: `inspect`, `read`, `use` or `manage`;
 * - location: `tenancy`, `compartment <name or path>` or `compartment id <ocid>`;
 * - spare spaces and line breaks have no effect; keywords are case-insensitive.
 *
 * Dependency-free: the policy pack can bundle it.
 */
import { ocidSource } from "./ocid";
import { shownText } from "../text/shownValue";

export const IAM_VERBS = ["inspect", "read", "use", "manage"] as const;

/**
 * The statements this library writes are built here, in the grammar the parser below checks:
 * `Allow <subject> to <verb> <resource-type> in <location>`, one subject each.
 */
export interface IamPrincipals {
    readonly groups: readonly string[];
    readonly dynamicGroups: readonly string[];
    /** The non-default identity domain that holds them; undefined for the Default domain. */
    readonly domainName?: string | undefined;
}

/**
 * Each principal as a subject, in the order given: `group G`, `dynamic-group G`, `<domain>/`-qualified
 * in a non-default domain. The order is the caller's: a deployed policy's statements keep theirs.
 */
export function iamSubjects({ groups, dynamicGroups, domainName }: IamPrincipals): string[] {
    const qualified = (name: string) => (domainName ? `${domainName}/${name}` : name);
    return [...groups.map((group) => `group ${qualified(group)}`), ...dynamicGroups.map((group) => `dynamic-group ${qualified(group)}`)];
}

/** Where a statement on `compartmentId` applies: `tenancy` for the root compartment (whose OCID is the tenancy's), else `compartment id <ocid>`. */
export function iamLocation(compartmentId: string, tenancyId: string): string {
    return compartmentId === tenancyId || compartmentId.startsWith("ocid1.tenancy.") ? "tenancy" : `compartment id ${compartmentId}`;
}

/** One statement per subject and resource type, with `verb`, in `location`. */
export function iamStatements(principals: IamPrincipals, verb: (typeof IAM_VERBS)[number], resourceTypes: readonly string[], location: string): string[] {
    return iamSubjects(principals).flatMap((subject) => resourceTypes.map((type) => `Allow ${subject} to ${verb} ${type} in ${location}`));
}

export interface PolicyStatement {
    readonly subjects: readonly string[];
    readonly verb: (typeof IAM_VERBS)[number];
    readonly resourceType: string;
    readonly location: string;
    readonly conditions: string | undefined;
}

export type ParsedStatement = { readonly statement: PolicyStatement } | { readonly problem: string };

/** A name: letters, digits and `._-`, optionally quoted, optionally `<domain>/` first. */
const NAME = String.raw`(?:'[^']+'|[A-Za-z0-9._-]+)(?:/(?:'[^']+'|[A-Za-z0-9._-]+))?`;
const OCID = ocidSource();
const SUBJECT = new RegExp(
    String.raw`^(?:(?:group|dynamic-group)\s+id\s+${OCID}|(?:group|dynamic-group|service)\s+${NAME}|any-group|any-user)$`,
    "i",
);
const RESOURCE_TYPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i;
const LOCATION = new RegExp(String.raw`^(?:tenancy|compartment\s+id\s+${OCID}|compartment\s+[A-Za-z0-9._:-]+)$`, "i");

/**
 * Parses one statement. The subjects end at the keyword `to`, so a statement without `to`
 * (`allow group G use tag-namespaces in tenancy`, as Oracle's DR guide prints it) is refused.
 */
export function parsePolicyStatement(text: string): ParsedStatement {
    const normalized = text.trim().replace(/\s+/g, " ");
    const match = /^allow (.+?) to (\S+) (\S+) in (.+?)(?: where (.+))?$/i.exec(normalized);
    if (!match) {
        return { problem: `${shownText(text)} is not "Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]"` };
    }
    const [, subjectText, verb, resourceType, location, conditions] = match as unknown as [string, string, string, string, string, string | undefined];
    // "group A-Admins, B-Admins": a name after a comma keeps the kind of the subject before it.
    const subjects: string[] = [];
    for (const piece of subjectText.split(/\s*,\s*/)) {
        const kind = /^(group|dynamic-group|service)(\s+id)?\s/i.exec(subjects[subjects.length - 1] ?? "")?.[0];
        subjects.push(/^(group|dynamic-group|service|any-group|any-user)\b/i.test(piece) || !kind ? piece : `${kind}${piece}`);
    }
    const badSubject = subjects.find((subject) => !SUBJECT.test(subject));
    if (badSubject !== undefined) {
        return { problem: `${shownText(badSubject)} is not a subject (group <name>, group id <ocid>, dynamic-group ..., any-group, any-user)` };
    }
    const lowerVerb = verb.toLowerCase();
    if (!(IAM_VERBS as readonly string[]).includes(lowerVerb)) return { problem: `${shownText(verb)} is not a verb; allowed: ${IAM_VERBS.join(", ")}` };
    if (!RESOURCE_TYPE.test(resourceType)) return { problem: `${shownText(resourceType)} is not a resource type` };
    if (!LOCATION.test(location)) return { problem: `${shownText(location)} is not a location (tenancy, compartment <name>, compartment id <ocid>)` };
    return { statement: { subjects, verb: lowerVerb as PolicyStatement["verb"], resourceType, location, conditions } };
}
