/**
 * Which instance an operation acts on, from one of three addresses:
 * - `--instance OCID` (the instance in `--region`);
 * - `--compartment OCID --display-name NAME`: ListIntegrationInstances in `--region`, exactly one
 *   instance not DELETED/DELETING;
 * - `--stack-outputs FILE`: `pulumi stack output --json` of a stack built on DrPairedIntegration
 *   (stacks/index.ts exports `primaryRegion`, `instanceId` (the instance the stack manages, created
 *   in primaryRegion), `disasterRecovery.crossRegion.{id,region}` (the instance Oracle created in
 *   the partner region)). The region given picks the one of the two that lives there; the roles in
 *   the file are not trusted (they are from the last `pulumi up`, and a failover changes them).
 * With stack outputs the peer is known too, so `status` can reach it when `--region` cannot answer.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ocidPattern } from "../components/ocid";
import { call, type RegionClient } from "./ociClient";
import { OperationError } from "./operationError";

export interface Address {
    instance?: string;
    compartment?: string;
    displayName?: string;
    stackOutputs?: string;
}

export interface ResolvedInstance {
    id: string;
    region: string;
    /** The other instance of the pair, when the address names it (stack outputs). */
    peer?: { id: string; region: string };
}

const INSTANCE_OCID = ocidPattern(["integrationinstance"]);
const COMPARTMENT_OCID = ocidPattern(["compartment", "tenancy"]);

const stackOutputsSchema = z.object({
    primaryRegion: z.string(),
    instanceId: z.string().regex(INSTANCE_OCID),
    disasterRecovery: z.object({
        crossRegion: z.object({ id: z.string().regex(INSTANCE_OCID), region: z.string() }),
    }),
});

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
        throw new OperationError(`--instance "${address.instance}" is not an OCID of an integration instance (ocid1.integrationinstance.<realm>.<region>.<unique id>)`);
    }
    if (ways[1]) {
        if (address.compartment === undefined || address.displayName === undefined) {
            throw new OperationError("--compartment and --display-name go together: give both");
        }
        if (!COMPARTMENT_OCID.test(address.compartment)) throw new OperationError(`--compartment "${address.compartment}" is not an OCID (ocid1.compartment... or ocid1.tenancy...)`);
    }
}

/** Reads `pulumi stack output --json` and picks the instance living in `region`. */
export function fromStackOutputs(file: string, region: string): ResolvedInstance {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new OperationError(`--stack-outputs "${file}" cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        throw new OperationError(`--stack-outputs "${file}" is not JSON (save it with: pulumi stack output --json > ${file})`);
    }
    const parsed = stackOutputsSchema.safeParse(json);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
        throw new OperationError(
            `--stack-outputs "${file}" lacks what a DrPairedIntegration stack exports (primaryRegion, instanceId, disasterRecovery.crossRegion.id/region): ${problems}`,
        );
    }
    const managed = { id: parsed.data.instanceId, region: parsed.data.primaryRegion };
    const cross = parsed.data.disasterRecovery.crossRegion;
    if (region === managed.region) return { ...managed, peer: cross };
    if (region === cross.region) return { ...cross, peer: managed };
    throw new OperationError(`--region "${region}" holds neither instance of the stack outputs (allowed: ${managed.region}, ${cross.region})`);
}

/** The one live instance named `displayName` in the compartment, in the client's region. */
export async function fromDisplayName(rc: RegionClient, compartment: string, displayName: string): Promise<ResolvedInstance> {
    const response = await call(rc, "ListIntegrationInstances", (retryConfiguration) =>
        rc.client.listIntegrationInstances({ compartmentId: compartment, displayName, retryConfiguration }),
    );
    const live = response.items.filter((i) => i.displayName === displayName && i.lifecycleState !== "DELETED" && i.lifecycleState !== "DELETING");
    if (live.length !== 1) {
        throw new OperationError(
            `--display-name "${displayName}" matches ${live.length} instances in compartment ${compartment} in ${rc.region} (exactly one needed${live.length > 1 ? "; use --instance" : ""})`,
        );
    }
    return { id: live[0]!.id, region: rc.region };
}

/** The instance the address names in `rc`'s region. */
export async function resolveInstance(address: Address, rc: RegionClient): Promise<ResolvedInstance> {
    checkAddress(address);
    if (address.instance !== undefined) return { id: address.instance, region: rc.region };
    if (address.stackOutputs !== undefined) return fromStackOutputs(address.stackOutputs, rc.region);
    return fromDisplayName(rc, address.compartment!, address.displayName!);
}
