/**
 * Which instance an operation acts on, from one of three addresses:
 * - `--instance OCID` (the instance in `--region`);
 * - `--compartment OCID --display-name NAME`: ListIntegrationInstances in `--region`, exactly one
 *   instance not DELETED/DELETING;
 * - `--stack-outputs FILE` (with `--pair NAME` when the stack has several pairs): `pulumi stack
 *   output --json` of a stack that exports `drPairs` (components/drPairedIntegration/drPairs.ts), each pair's entry
 *   under its component's name: both regions, the instance the stack manages (in primaryRegion) and
 *   the one Oracle created in secondaryRegion. A file of a single pair's top-level outputs, the
 *   convention before `drPairs` (`primaryRegion`, `instanceId`, `disasterRecovery.crossRegion.{id,region}`),
 *   is still read. The region given picks the one of the two that lives there; the roles the file
 *   records (`activeRegion`, as the last `pulumi up` read them) are not used here: they are read
 *   live, a failover since changes them. `plan` and `check` show them (readDrPairs).
 * With stack outputs the peer is known too, so `status` can reach it when `--region` cannot answer.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DR_PAIRS_OUTPUT, type DrPairOutputs } from "../components/drPairedIntegration/stackOutputs";
import { ocidPattern } from "../facts/ocid";
import { call, type RegionClient } from "./clients/ociClient";
import { OperationError } from "./operationError";
import { quotedPath, shownName, shownPath, shownText, shownValue } from "../text/shownValue";

export interface Address {
    instance?: string;
    compartment?: string;
    displayName?: string;
    stackOutputs?: string;
    /** With stackOutputs: the key of the pair in `drPairs`; optional when there is one pair. */
    pair?: string;
}

export interface ResolvedInstance {
    id: string;
    region: string;
    /** The other instance of the pair, when the address names it (stack outputs). */
    peer?: { id: string; region: string };
}

const INSTANCE_OCID = ocidPattern(["integrationinstance"]);
const COMPARTMENT_OCID = ocidPattern(["compartment", "tenancy"]);

/** One entry of `drPairs`, as the example stack and drPairsOutput export it. */
const drPairSchema = z
    .object({
        primaryRegion: z.string(),
        secondaryRegion: z.string(),
        instanceId: z.string().regex(INSTANCE_OCID),
        crossRegionInstanceId: z.string().regex(INSTANCE_OCID).optional(),
        // Absent from stacks of earlier releases: their roles are not recorded.
        activeRegion: z.string().optional(),
        rolesSince: z.iso
            .datetime({ offset: true, error: (issue) => `${shownValue(issue.input)} is not an RFC 3339 time, as OCI's timeRoleChanged is` })
            .optional(),
    })
    .superRefine((entry, ctx) => {
        if (entry.activeRegion === undefined || entry.activeRegion === entry.primaryRegion || entry.activeRegion === entry.secondaryRegion) return;
        ctx.addIssue({
            code: "custom",
            path: ["activeRegion"],
            message: `${shownText(entry.activeRegion)} is not a region of the pair (allowed: ${entry.primaryRegion}, ${entry.secondaryRegion})`,
        });
    }) satisfies z.ZodType<DrPairOutputs>;

/** A single pair's top-level outputs: what stacks exported before `drPairs`. */
const singlePairSchema = z.object({
    primaryRegion: z.string(),
    instanceId: z.string().regex(INSTANCE_OCID),
    disasterRecovery: z.object({
        crossRegion: z.object({ id: z.string().regex(INSTANCE_OCID), region: z.string() }),
    }),
});

/** The two instances of a pair, by the region each was created in. */
interface PairInstances {
    /** How errors name the pair: `pair "orders"`, or "the stack outputs" for a single-pair file. */
    label: string;
    managed: { id: string; region: string };
    cross: { id: string | undefined; region: string };
}

/** Refuses an address that names no instance, or more than one way. */
export function checkAddress(address: Address): void {
    const ways = [address.instance !== undefined, address.compartment !== undefined || address.displayName !== undefined, address.stackOutputs !== undefined];
    const count = ways.filter(Boolean).length;
    if (count !== 1) {
        throw new OperationError(
            count === 0
                ? "no instance given: use --instance OCID, --compartment OCID with --display-name NAME, or --stack-outputs FILE"
                : "give the instance one way only: --instance, --compartment with --display-name, or --stack-outputs",
        );
    }
    if (address.instance !== undefined && !INSTANCE_OCID.test(address.instance)) {
        throw new OperationError(`--instance ${shownText(address.instance)} is not an OCID of an integration instance (ocid1.integrationinstance.<realm>.<region>.<unique id>)`);
    }
    if (ways[1]) {
        if (address.compartment === undefined || address.displayName === undefined) {
            throw new OperationError("--compartment and --display-name go together: give both");
        }
        if (!COMPARTMENT_OCID.test(address.compartment)) throw new OperationError(`--compartment ${shownText(address.compartment)} is not an OCID (ocid1.compartment... or ocid1.tenancy...)`);
    }
    if (address.pair !== undefined && address.stackOutputs === undefined) {
        throw new OperationError(`--pair "${address.pair}" selects a pair of the stack outputs: give --stack-outputs FILE too`);
    }
}

/** zod's problems at their paths; a key of the file is a name it chose, shown only when it may be (a pair named by a pasted URL). */
const problemsOf = (error: z.ZodError, prefix: string) =>
    error.issues.map((i) => `${[prefix, ...i.path.map((p) => shownName(String(p)))].filter((p) => p !== "").join(".") || "(top)"}: ${i.message}`).join("; ");

/** A single pair's top-level outputs (a file from before `drPairs`); one clear error when the file is neither. */
function singlePairOf(file: string, json: unknown): z.infer<typeof singlePairSchema> {
    const parsed = singlePairSchema.safeParse(json);
    if (!parsed.success) {
        throw new OperationError(
            `--stack-outputs ${quotedPath(file)} lacks what a DrPairedIntegration stack exports (${DR_PAIRS_OUTPUT}: export const ${DR_PAIRS_OUTPUT} = drPairsOutput(...)): ${problemsOf(parsed.error, "")}`,
        );
    }
    return parsed.data;
}

/** The keys of the file's `drPairs`; one clear error when it holds none. */
function pairNames(file: string, pairs: unknown): string[] {
    const names = typeof pairs === "object" && pairs !== null && !Array.isArray(pairs) ? Object.keys(pairs) : [];
    if (names.length === 0) throw new OperationError(`--stack-outputs ${quotedPath(file)}: ${DR_PAIRS_OUTPUT} holds no pair (a map of pair name to its outputs is expected)`);
    return names;
}

/** The entry of pair `name` in the file's `drPairs`, validated. */
function pairEntry(file: string, pairs: unknown, name: string): DrPairOutputs {
    const parsed = drPairSchema.safeParse((pairs as Record<string, unknown>)[name]);
    if (!parsed.success) throw new OperationError(`--stack-outputs ${quotedPath(file)}: ${problemsOf(parsed.error, `${DR_PAIRS_OUTPUT}.${name}`)}`);
    return parsed.data;
}

const outputsOf = (json: unknown) => (typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {});

/** The pair `pair` names in the file's `drPairs` (or its only pair), or its single pair's top-level outputs. */
function pairOf(file: string, json: unknown, pair: string | undefined): PairInstances {
    const outputs = outputsOf(json);
    if (!(DR_PAIRS_OUTPUT in outputs)) {
        if (pair !== undefined) {
            throw new OperationError(`--pair "${pair}": --stack-outputs ${quotedPath(file)} has no ${DR_PAIRS_OUTPUT} output to choose from (it holds one pair's outputs at the top): drop --pair, or export ${DR_PAIRS_OUTPUT} (docs/operations.md, "Addressing and connection")`);
        }
        const single = singlePairOf(file, json);
        const cross = single.disasterRecovery.crossRegion;
        return { label: "the stack outputs", managed: { id: single.instanceId, region: single.primaryRegion }, cross };
    }
    const pairs = outputs[DR_PAIRS_OUTPUT];
    const names = pairNames(file, pairs);
    const known = names.join(", ");
    if (pair === undefined && names.length > 1) {
        throw new OperationError(`--stack-outputs ${quotedPath(file)} holds ${names.length} pairs (${known}): choose one with --pair NAME`);
    }
    const name = pair ?? names[0]!;
    if (!names.includes(name)) throw new OperationError(`--pair ${shownText(name)} is not a pair of --stack-outputs ${quotedPath(file)} (its pairs: ${known})`);
    const entry = pairEntry(file, pairs, name);
    return {
        label: `pair "${name}"`,
        managed: { id: entry.instanceId, region: entry.primaryRegion },
        cross: { id: entry.crossRegionInstanceId, region: entry.secondaryRegion },
    };
}

/** `pulumi stack output --json` saved to `file`, parsed; one clear error when it cannot be read or is not JSON. */
function readOutputsFile(file: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new OperationError(`--stack-outputs ${quotedPath(file)} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new OperationError(`--stack-outputs ${quotedPath(file)} is not JSON (save it with: pulumi stack output --json > ${shownPath(file)})`);
    }
}

/**
 * Every pair of the stack outputs in `file`, validated, by name: `plan` and `check` show the roles
 * each entry recorded at the last `pulumi up` (activeRegion, rolesSince). A file of a single
 * pair's top-level outputs (before `drPairs`) names no pair and records no roles: none is returned.
 */
export function readDrPairs(file: string): Record<string, DrPairOutputs> {
    const json = readOutputsFile(file);
    const outputs = outputsOf(json);
    if (!(DR_PAIRS_OUTPUT in outputs)) {
        singlePairOf(file, json);
        return {};
    }
    const pairs = outputs[DR_PAIRS_OUTPUT];
    return Object.fromEntries(pairNames(file, pairs).map((name) => [name, pairEntry(file, pairs, name)]));
}

/** Reads `pulumi stack output --json` and picks the instance of the pair living in `region`. */
export function fromStackOutputs(file: string, region: string, pair?: string): ResolvedInstance {
    const { label, managed, cross } = pairOf(file, readOutputsFile(file), pair);
    const peer = cross.id === undefined ? undefined : { id: cross.id, region: cross.region };
    if (region === managed.region) return { ...managed, peer };
    if (region === cross.region) {
        if (peer === undefined) {
            throw new OperationError(
                `${label} names no instance in ${region}: crossRegionInstanceId is absent (OCI had not reported the instance there at the last pulumi up); give it with --instance OCID`,
            );
        }
        return { ...peer, peer: managed };
    }
    throw new OperationError(`--region "${region}" holds neither instance of ${label} (allowed: ${managed.region}, ${cross.region})`);
}

/** The one live instance named `displayName` in the compartment, in the client's region. */
export async function fromDisplayName(rc: RegionClient, compartment: string, displayName: string): Promise<ResolvedInstance> {
    const response = await call(rc, "ListIntegrationInstances", (retryConfiguration) =>
        rc.client.listIntegrationInstances({ compartmentId: compartment, displayName, retryConfiguration }),
    );
    const live = response.items.filter((i) => i.displayName === displayName && i.lifecycleState !== "DELETED" && i.lifecycleState !== "DELETING");
    if (live.length !== 1) {
        throw new OperationError(
            `--display-name ${shownText(displayName)} matches ${live.length} instances in compartment ${compartment} in ${rc.region} (exactly one needed${live.length > 1 ? "; use --instance" : ""})`,
        );
    }
    return { id: live[0]!.id, region: rc.region };
}

/** The instance the address names in `rc`'s region. */
export async function resolveInstance(address: Address, rc: RegionClient): Promise<ResolvedInstance> {
    checkAddress(address);
    if (address.instance !== undefined) return { id: address.instance, region: rc.region };
    if (address.stackOutputs !== undefined) return fromStackOutputs(address.stackOutputs, rc.region, address.pair);
    return fromDisplayName(rc, address.compartment!, address.displayName!);
}
