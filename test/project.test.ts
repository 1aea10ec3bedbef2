import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadProject, loadStackConfig } from "../cli/project";
import { AGENT_CONFIG_KEYS, SPEC_CONFIG_KEYS } from "../components/stackConfig";
import { REPO_ROOT } from "./cliRunner";

// Pulumi's own project schema, vendored with its source: schemas/README.md.
const schemaFile = path.join(REPO_ROOT, "schemas", "pulumi-project.schema.json");
const projectFile = path.join(REPO_ROOT, "Pulumi.yaml");

describe("Pulumi.yaml of the example", () => {
    it("validates against the Pulumi project schema", () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
        const valid = validate(parseYaml(fs.readFileSync(projectFile, "utf8")));
        expect(validate.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
    });

    it("declares exactly the spec's and the agent group's config keys, with type, description, secrecy and defaults", () => {
        const declared = (parseYaml(fs.readFileSync(projectFile, "utf8")) as { config: Record<string, unknown> }).config;
        const expected = Object.fromEntries(
            [...SPEC_CONFIG_KEYS, ...AGENT_CONFIG_KEYS].map((k) => [
                k.key,
                {
                    type: k.type,
                    description: k.description,
                    ...(k.secret ? { secret: true } : {}),
                    ...(k.default !== undefined ? { default: k.default } : {}),
                },
            ]),
        );
        expect(declared).toEqual(expected);
        expect(declared.idcsAccessToken).toMatchObject({ secret: true });
    });

    it("names the program and the stack config directory", () => {
        const project = loadProject(REPO_ROOT);
        expect(project).toMatchObject({ name: "oic-dr-example", runtime: "nodejs" });
        expect(path.relative(REPO_ROOT, project.main)).toBe("stacks");
        expect(path.relative(REPO_ROOT, project.stackConfigDir)).toBe("stacks");
    });

    it("resolves the example stack config with project defaults, as the engine passes it", () => {
        const config = loadStackConfig(loadProject(REPO_ROOT), "example");
        expect(config.values).toMatchObject({
            "oic-dr-example:primaryRegion": "us-ashburn-1",
            "oic-dr-example:messagePacks": "2",
            "oic-dr-example:protect": "true",
            "oic-dr-example:failoverGeneration": "0",
            "oic-dr-example:consumptionModel": "",
        });
        expect(JSON.parse(config.values["oic-dr-example:identityDomain"]!)).toMatchObject({ isDefault: false });
        // The Slack webhook inside alarms makes that whole key secret, as Pulumi treats it.
        expect([...config.secretKeys].sort()).toEqual([
            "oic-dr-example:agentClientSecret",
            "oic-dr-example:agentProxyPassword",
            "oic-dr-example:alarms",
            "oic-dr-example:idcsAccessToken",
        ]);
    });
});
