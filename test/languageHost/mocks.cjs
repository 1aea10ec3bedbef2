/**
 * Preloaded (`node --require`) into the process the Node.js language host starts, before
 * `@pulumi/pulumi/cmd/run` parses its arguments. It stands for the Pulumi engine: the SDK's own mocks
 * (`pulumi.runtime.setMocks`) take the place of the resource monitor the host would pass with
 * `--monitor`. setMocks sets the monitor address to "mock" in the SDK's settings store
 * (runtime/settings.js setMockOptions, 3.270.0), so the addresses cmd/run copies into the
 * environment afterwards are never dialled. Everything else (argument parsing, pwd, entry point,
 * TypeScript loader, closure serialization, the root stack) is cmd/run's own.
 *
 * It records each registration (type, name, and whether a dynamic provider was serialized) and
 * writes them to the file named in OIC_DR_TEST_LANGUAGE_HOST when the process exits.
 */
"use strict";
const fs = require("node:fs");

const { resultFile, programDirectory, project, stack } = JSON.parse(process.env.OIC_DR_TEST_LANGUAGE_HOST);
// The SDK the language host runs is the one the program directory resolves (main.go locateModule).
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [programDirectory] }));

const registered = [];
pulumi.runtime.setMocks(
    {
        newResource(args) {
            const provider = args.inputs.__provider;
            const { __provider: _text, ...inputs } = args.inputs;
            registered.push({
                type: args.type,
                name: args.name,
                serializedProvider: typeof provider === "string" ? provider : undefined,
                inputs,
            });
            return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
        },
        call() {
            return {};
        },
    },
    project,
    stack,
    true,
);

// The SDK's MockMonitor lacks SignalAndWaitForShutdown, which cmd/run calls once the program's event
// loop empties (cmd/run/index.js beforeExitHandler). The engine answers it once every step is done
// (pulumi/pulumi proto/pulumi/resource.proto:66-72 @ 1b5949891b3c); with nothing to delete
// that is at once, with an empty reply.
pulumi.runtime.getMonitor().signalAndWaitForShutdown = (_request, callback) => callback(null, {});

process.on("exit", () => fs.writeFileSync(resultFile, JSON.stringify(registered)));
