/**
 * `oic-dr facts`: every Oracle and OCI fact the product enforces (facts/catalogue.ts), what it says,
 * its value, what enforces it and where it comes from (page, revision or day read, seed). Reads
 * nothing but the package itself: no program, no account.
 *
 * Exit codes: 0 printed; 2 the command line is wrong (an unknown --format).
 */
import type { Command } from "commander";
import { ENFORCED_FACTS, factsJson, sourceLine, type EnforcedFact } from "../facts/catalogue";
import { MESSAGE_WIDTH, terminalText } from "../operations/terminalText";
import { oneOf } from "./argParsers";
import { withExampleAndExits } from "./operate";

export const FACTS_FORMATS = ["table", "json"] as const;
export type FactsFormat = (typeof FACTS_FORMATS)[number];

/** What each exit code of `oic-dr facts` means, as `--help` prints it. */
export const FACTS_EXITS: ReadonlyArray<readonly [number, string]> = [
    [0, "the facts were printed"],
    [2, "the command line is wrong (an unknown option or --format)"],
];

export interface FactsIo {
    out(text: string): void;
}

/** A cell: escaped and bounded like every text the renderers print (operations/terminalText.ts). */
const cell = (text: string) => terminalText(text, { max: MESSAGE_WIDTH });

/** One fact as a block of labelled lines, a source a line. */
function factBlock(fact: EnforcedFact): string[] {
    const rows: [string, string][] = [
        ["fact", fact.statement],
        ["value", fact.shown],
        ["enforced", fact.enforcedBy],
        ["constants", `${Object.keys(fact.constants).join(", ")} in ${fact.module}`],
        ...fact.sources.map((source): [string, string] => ["source", sourceLine(source)]),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    return [cell(fact.id), ...rows.map(([label, text]) => `  ${label.padEnd(width)}  ${cell(text)}`)];
}

/** The table: one block per fact, a blank line between. */
export function renderFactsTable(facts: readonly EnforcedFact[] = ENFORCED_FACTS): string {
    return `${facts.map((fact) => factBlock(fact).join("\n")).join("\n\n")}\n`;
}

export function registerFactsCommand(cli: Command, io: FactsIo): Command {
    const command = cli
        .command("facts")
        .description("List every Oracle and OCI fact oic-dr enforces (region pairs, editions, shape, unsupported features, objectives, API limits) with its source page, revision or the day it was read, and seed.")
        .option("--format <format>", `output format: ${FACTS_FORMATS.join(", ")}`, oneOf(FACTS_FORMATS), "table");
    withExampleAndExits(
        command,
        { when: "the sources of the region pairs, as JSON", lines: ["$ oic-dr facts --format json | jq '.[] | select(.id == \"region-pairs\") | .sources'"] },
        FACTS_EXITS,
    );
    return command.action((options: { format: FactsFormat }) => {
        io.out(options.format === "json" ? factsJson() : renderFactsTable());
    });
}
