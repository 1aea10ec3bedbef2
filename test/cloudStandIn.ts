/**
 * `pulumi up` of a real program, offline, run after run: the offline engine runs the program, and
 * this stand-in plays what the Pulumi engine and the providers would do with each registration,
 * keeping their state between runs, against the Integration API stand-in
 * (fakes/integrationApiServer.ts) for everything about the DR pair.
 *
 * - Our dynamic resources run for real: their serialized provider text (`__provider`), loaded as the
 *   SDK's dynamic provider host loads it (require-from-string, cmd/dynamic-provider/index.js
 *   getProvider), driven in the engine's order (Check with the old inputs; Create, or Diff and Update
 *   with the old outputs; a partial failure keeping the old inputs and the packed outputs:
 *   pulumi/pulumi @ 1b5949891b3c pkg/engine/update.go:1393-1421). A refused Check or a failed Diff
 *   or Update fails the registration, so whatever depends on the resource is never sent.
 *   The one liberty: PairRoles' calls are routed to the stand-in with its `endpoints` input, as DNS
 *   routes them to OCI.
 * - The OCI provider's integration instance is modelled from its source (terraform-provider-oci
 *   v8.23, internal/service/integration/integration_integration_instance_resource.go): create
 *   makes the pair (and calls DisasterRecoveryFailover whenever `failover_trigger` is set, :666-671);
 *   update sends UpdateIntegrationInstance for any change and calls the failover on a rise of the
 *   trigger (:769-782). `ignoreChanges` is the engine's: the old input replaces the new one
 *   (pkg/resource/deploy/step_generator.go processIgnoreChanges). Its outputs, `disasterRecoveryDetails`
 *   included, are read at create and update only, as a provider's state is without `--refresh`.
 * - Every other resource is kept as the program declared it.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { vi } from "vitest";
import type { RecordedResource } from "../engine/offlineEngine";
import { startOfflineEngine, type TestEngine } from "../testing/index";
import { DYNAMIC_TYPES, dynamicTypeToken, OCI_TYPES } from "../facts/drSupport";
import { partnerRegion } from "../facts/regions";
import type { FakeIntegrationApi } from "./fakes/integrationApiServer";

type Props = Record<string, unknown>;
type DynamicProvider = {
    check(olds: Props, news: Props): Promise<{ inputs: Props; failures?: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean }>;
    create(inputs: Props): Promise<{ id: string; outs?: Props }>;
    update?(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
};

const requireFromString = createRequire(require.resolve("@pulumi/pulumi"))("require-from-string") as (code: string, filename?: string) => { handler(): DynamicProvider };
const PAIR_ROLES = dynamicTypeToken(DYNAMIC_TYPES.pairRoles);
const GET_INSTANCE = "oci:Integration/getIntegrationInstance:getIntegrationInstance";

interface Kept {
    id: string;
    inputs: Props;
    outputs: Props;
}

/** One instance pair the stand-in created, by the OCI provider's model. */
interface ModelledPair {
    primaryId: string;
    standbyId: string;
}

export interface UpResult {
    /** The program's error (a refused check's reason included), or undefined when the run succeeded. */
    error?: string;
    resources: readonly RecordedResource[];
    /** The stack's outputs, as values (each one awaited). */
    outputs: Props;
}

export class CloudStandIn {
    /** The engine's state, by `<type>::<name>`. */
    readonly state = new Map<string, Kept>();
    /** UpdateIntegrationInstance calls the OCI provider made, by the changed properties. */
    readonly instanceUpdates: string[][] = [];
    /** DisasterRecoveryFailover calls the OCI provider made (by failover_trigger): must stay empty. */
    readonly providerFailovers: string[] = [];
    private readonly pairs = new Map<string, ModelledPair>();
    private counter = 0;

    constructor(
        private readonly fake: FakeIntegrationApi,
        private readonly programEntry: string,
        private readonly engineOptions: { project: string; stack: string },
        /** Where the OCI provider of the program's instance creates it (the stack's primaryRegion). */
        private readonly instanceRegion: string,
    ) {}

    /** One `pulumi up` of the program with `config` (full keys to string values). */
    async up(config: Record<string, string>): Promise<UpResult> {
        let engine: TestEngine;
        engine = await startOfflineEngine({
            ...this.engineOptions,
            config,
            preview: false,
            outputs: (resource) => this.apply(engine, resource),
            invokes: (call) => (call.token === GET_INSTANCE ? this.readInstance(String(call.inputs.integrationInstanceId)) : undefined),
            resolveFrom: path.dirname(this.programEntry),
        });
        vi.resetModules();
        // A failed registration rejects every Output built on the resource: the engine prints the
        // one error and stops, while here each would reach the test runner as an unhandled
        // rejection. During the run they are collected instead; the program's error is the result.
        const runnerListeners = process.listeners("unhandledRejection");
        const stray: unknown[] = [];
        const collect = (reason: unknown) => void stray.push(reason);
        process.removeAllListeners("unhandledRejection");
        process.on("unhandledRejection", collect);
        try {
            const exported = await engine.runProgram(() => import(this.programEntry));
            const outputs: Props = {};
            for (const [key, value] of Object.entries(exported)) outputs[key] = await new Promise((resolve) => value.apply((v) => (resolve(v), v)));
            return { resources: engine.resources, outputs };
        } catch (err) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            return { error: err instanceof Error ? err.message : String(err), resources: engine.resources, outputs: {} };
        } finally {
            process.off("unhandledRejection", collect);
            for (const listener of runnerListeners) process.on("unhandledRejection", listener);
            // Anything else that went unhandled is the test's business: rethrown to the runner.
            const unrelated = stray.filter((reason) => !String((reason as Error)?.message ?? reason).includes("failed to register new resource"));
            if (unrelated.length > 0) throw unrelated[0];
        }
    }

    /** The state PairRoles keeps (its outputs), for assertions. */
    pairRolesState(name: string): Props | undefined {
        return this.state.get(`${PAIR_ROLES}::${name}`)?.outputs;
    }

    /** The outputs of one registration: what the engine and the provider make of it. */
    private async apply(engine: TestEngine, resource: { type: string; name: string; inputs: Props }): Promise<Props | undefined> {
        const key = `${resource.type}::${resource.name}`;
        if (resource.type === PAIR_ROLES) return this.applyDynamic(key, resource.inputs);
        if (resource.type === OCI_TYPES.integrationInstance) {
            const recorded = engine.resources.find((r) => r.type === resource.type && r.name === resource.name)!;
            return this.applyInstance(key, resource.inputs, recorded.ignoreChanges);
        }
        return undefined;
    }

    private async applyDynamic(key: string, programInputs: Props): Promise<Props> {
        const provider = requireFromString(String(programInputs.__provider)).handler();
        const regions = (programInputs.endpoints as Record<string, string> | undefined) ?? {};
        const news = { ...programInputs, endpoints: { ...regions, ...this.endpoints() } };
        const kept = this.state.get(key);
        const checked = await provider.check(kept?.inputs ?? {}, news);
        const failures = checked.failures ?? [];
        if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("\n"));
        if (!kept) {
            const created = await provider.create(checked.inputs);
            const outputs = created.outs ?? checked.inputs;
            this.state.set(key, { id: created.id, inputs: checked.inputs, outputs });
            return { id: created.id, ...outputs };
        }
        const diff = await provider.diff(kept.id, kept.outputs, checked.inputs);
        if (!diff.changes) return { id: kept.id, ...kept.outputs };
        try {
            const updated = (await provider.update?.(kept.id, kept.outputs, checked.inputs)) ?? {};
            const outputs = updated.outs ?? checked.inputs;
            this.state.set(key, { id: kept.id, inputs: checked.inputs, outputs });
            return { id: kept.id, ...outputs };
        } catch (err) {
            const partial = (err as { properties?: Props }).properties;
            if (partial) this.state.set(key, { id: kept.id, inputs: kept.inputs, outputs: partial });
            throw err;
        }
    }

    private endpoints(): Record<string, string> {
        const regions = [this.instanceRegion, partnerRegion(this.instanceRegion)!.identifier];
        return Object.fromEntries(regions.map((region) => [region, this.fake.endpointOf(region)]));
    }

    private applyInstance(key: string, programInputs: Props, ignoreChanges: readonly string[]): Props {
        const kept = this.state.get(key);
        const news: Props = { ...programInputs };
        if (kept) for (const property of ignoreChanges) news[property] = kept.inputs[property];
        if (!kept) {
            const region = this.instanceRegion;
            const n = ++this.counter;
            const pair = { primaryId: `ocid1.integrationinstance.oc1.${region}.instance${n}`, standbyId: `ocid1.integrationinstance.oc1.${partnerRegion(region)!.identifier}.instance${n}` };
            const instance = (id: string, r: string) => ({
                id,
                region: r,
                displayName: String(news.displayName),
                compartmentId: String(news.compartmentId),
                lifecycleState: "ACTIVE",
                regionalInstanceUrl: `https://${news.displayName}-${r}.integration.example.com`,
            });
            this.fake.addPair(instance(pair.primaryId, region), instance(pair.standbyId, partnerRegion(region)!.identifier));
            this.pairs.set(pair.primaryId, pair);
            if (news.failoverTrigger !== undefined) this.providerFailovers.push(pair.primaryId);
            const outputs = { ...news, ...this.readInstance(pair.primaryId) };
            this.state.set(key, { id: pair.primaryId, inputs: news, outputs });
            return { id: pair.primaryId, ...outputs };
        }
        const changed = [...new Set([...Object.keys(kept.inputs), ...Object.keys(news)])].filter((p) => JSON.stringify(kept.inputs[p]) !== JSON.stringify(news[p])).sort();
        if (changed.length === 0) return { id: kept.id, ...kept.outputs };
        this.instanceUpdates.push(changed);
        if (Number(news.failoverTrigger ?? 0) > Number(kept.inputs.failoverTrigger ?? 0)) this.providerFailovers.push(kept.id);
        const outputs = { ...news, ...this.readInstance(kept.id) };
        this.state.set(key, { id: kept.id, inputs: news, outputs });
        return { id: kept.id, ...outputs };
    }

    /** GetIntegrationInstance as the provider's data source (and its state) shows it. */
    private readInstance(id: string): Props {
        const own = this.fake.instance(id);
        const pair = [...this.pairs.values()].find((p) => p.primaryId === id || p.standbyId === id)!;
        const peer = this.fake.instance(pair.primaryId === id ? pair.standbyId : pair.primaryId);
        return {
            instanceUrl: "https://orders-oic.integration.example.com",
            disasterRecoveryDetails: [
                {
                    role: own.role,
                    regionalInstanceUrl: own.regionalInstanceUrl,
                    crossRegionIntegrationInstanceDetails: [{ id: peer.id, region: peer.region, role: peer.role, timeRoleChanged: peer.timeRoleChanged }],
                },
            ],
        };
    }
}
