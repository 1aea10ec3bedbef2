import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { baselineProblem, failoverGenerationProvider, failoverStepProblem, failoverTrigger } from "../components/dynamic/failoverGeneration";

describe("failover generation guard", () => {
    it("accepts a first deployment, an unchanged generation and a raise by one", () => {
        expect(failoverStepProblem(undefined, 0)).toBeUndefined();
        expect(failoverStepProblem(2, 2)).toBeUndefined();
        expect(failoverStepProblem(2, 3)).toBeUndefined();
    });

    it("rejects lowering, skipping and non-integers", () => {
        expect(failoverStepProblem(3, 2)).toBe("failoverGeneration went down from 3 to 2; it can only be raised (by one to fail over)");
        expect(failoverStepProblem(1, 3)).toBe("failoverGeneration jumped from 1 to 3; raise it by one (to 2) per failover");
        expect(failoverStepProblem(undefined, 1.5)).toMatch(/whole number/);
    });

    it("fails the engine's check against the deployed state", async () => {
        const lowered = await failoverGenerationProvider.check!({ generation: 2 }, { generation: 1 });
        expect(lowered.failures).toEqual([{ property: "generation", reason: expect.stringMatching(/went down from 2 to 1/) }]);
        const raised = await failoverGenerationProvider.check!({ generation: 1 }, { generation: 2 });
        expect(raised.failures).toEqual([]);
        const created = await failoverGenerationProvider.check!({} as { generation: number }, { generation: 0 });
        expect(created.failures).toEqual([]);
    });

    it("lets a generation unknown during preview through, and shows a wrongly typed one as given", async () => {
        const unknown = await failoverGenerationProvider.check!({ generation: 1 }, { generation: pulumi.runtime.unknownValue as unknown as number });
        expect(unknown.failures).toEqual([]);
        const text = await failoverGenerationProvider.check!({ generation: 1 }, { generation: "2" as unknown as number });
        expect(text.failures).toEqual([{ property: "generation", reason: 'failoverGeneration must be a whole number >= 0, got "2"' }]);
    });

    it("reports a change only when the generation moves", async () => {
        expect((await failoverGenerationProvider.diff!("id", { generation: 1 }, { generation: 1 })).changes).toBe(false);
        expect((await failoverGenerationProvider.diff!("id", { generation: 1 }, { generation: 2 })).changes).toBe(true);
    });
});

describe("failover baseline", () => {
    it("sends a trigger only above the baseline", () => {
        expect([failoverTrigger(0, 0), failoverTrigger(2, 2), failoverTrigger(3, 2), failoverTrigger(1, 0)]).toEqual([undefined, undefined, 3, 1]);
    });

    it("lets a stack without history start at 0 or at the adopted generation, nothing else", () => {
        expect(baselineProblem(0, undefined)).toBeUndefined();
        expect(baselineProblem(4, 4)).toBeUndefined();
        expect(baselineProblem(1, undefined)).toMatch(/its first pulumi up would fail the pair over/);
        expect(baselineProblem(5, 4)).toMatch(/above adoptFailoverGeneration 4/);
        expect(baselineProblem(3, 4)).toMatch(/below adoptFailoverGeneration 4/);
        expect(baselineProblem(2, -1)).toMatch(/adoptFailoverGeneration must be a whole number >= 0, got -1/);
    });
});

