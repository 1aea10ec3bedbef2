import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadProject, loadStackConfig } from "../engine/project";
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

    it("declares exactly the spec's and the agent group's config keys that are not secret, with type, description and defaults", () => {
        const declared = (parseYaml(fs.readFileSync(projectFile, "utf8")) as { config: Record<string, unknown> }).config;
        const keys = [...SPEC_CONFIG_KEYS, ...AGENT_CONFIG_KEYS];
        const expected = Object.fromEntries(
            keys
                .filter((k) => !k.secret)
                .map((k) => [k.key, { type: k.type, description: k.description, ...(k.default !== undefined ? { default: k.default } : {}) }]),
        );
        expect(declared).toEqual(expected);
        // The optional secrets are read with getSecret and left undeclared: declared with a default
        // the CLI refuses them unencrypted, declared without one it requires them.
        expect(keys.filter((k) => k.secret).map((k) => k.key).sort()).toEqual(["agentClientSecret", "agentProxyPassword", "idcsAccessToken"]);
        expect(keys.filter((k) => k.secret && k.default !== undefined)).toEqual([]);
    });

    it("names the program and the stack config directory", () => {
        const project = loadProject(REPO_ROOT);
        expect(project).toMatchObject({ name: "oic-dr-example", runtime: "nodejs" });
        // A file: for a folder the language host would run package.json's main, the library in dist/.
        expect(path.relative(REPO_ROOT, project.main)).toBe(path.join("stacks", "index.ts"));
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
        // No ciphertext in the example (the CLI could not decrypt a placeholder), and no declared secret.
        expect(config.secretKeys).toEqual([]);
        expect(fs.readFileSync(path.join(REPO_ROOT, "stacks", "Pulumi.example.yaml"), "utf8")).not.toMatch(/^\s*secure:/m);
    });
});
