/**
 * Each component's zod schema (what validation accepts) and its args interface (what TypeScript,
 * the docs and the other languages' schema are made from) name the same arguments, at every
 * level: `tsc --noEmit` (part of `npm test`) fails here when a field is added to one and not the
 * other. test/argumentSchemas.test.ts compiles deliberately drifted copies to prove it.
 *
 * Compared: the names of the fields, through optional values, `pulumi.Input`, arrays and nested
 * objects. Not compared: the fields' value types, which differ on purpose (the interfaces take
 * `string` where the schema takes an enum, as the plugin's schema cannot carry every union).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type {
    ConnectivityAgentGroupArgs,
    DrAlarmsArgs,
    DrPairedIntegrationArgs,
    EmailDeliveryArgs,
    IdentityDomainReplicationArgs,
    TagPoliciesArgs,
} from "../index";
import type { drAlarmsArgsSchema } from "../components/drAlarms/schema";
import type { drPairedIntegrationArgsSchema } from "../components/drPairedIntegration/schema";
import type { emailDeliveryArgsSchema } from "../components/emailDelivery/schema";
import type { identityDomainReplicationArgsSchema } from "../components/identityDomainReplication/schema";
import type { tagPoliciesArgsSchema } from "../components/tagPolicies/schema";
import type { agentGroupArgsSchema } from "../components/agentGroup/schema";

type Unwrapped<T> = T extends pulumi.OutputInstance<infer U> ? U : T extends Promise<infer U> ? U : T;
type Plain<T> = Unwrapped<NonNullable<T>>;

/** Fields of one side only, as `path.to.field (only in the schema|interface)`; never when they agree. */
export type FieldDrift<Schema, Args, Path extends string = ""> =
    Plain<Schema> extends readonly (infer SchemaElement)[]
        ? Plain<Args> extends readonly (infer ArgsElement)[]
            ? FieldDrift<SchemaElement, ArgsElement, `${Path}[].`>
            : never
        : Plain<Schema> extends pulumi.Resource
          ? never
          : [Plain<Schema>, Plain<Args>] extends [object, object]
            ? ObjectDrift<Plain<Schema>, Plain<Args>, Path>
            : never;

type ObjectDrift<Schema, Args, Path extends string> =
    | `${Path}${Exclude<keyof Schema, keyof Args> & string} (only in the schema)`
    | `${Path}${Exclude<keyof Args, keyof Schema> & string} (only in the interface)`
    | { [K in keyof Schema & keyof Args & string]: FieldDrift<Schema[K], Args[K], `${Path}${K}.`> }[keyof Schema & keyof Args & string];

/** Compiles only when there is no drift; the error names the drifted fields. */
export type NoDrift<Drift extends never> = Drift;

export type DrPairedIntegrationAgrees = NoDrift<FieldDrift<z.input<typeof drPairedIntegrationArgsSchema>, DrPairedIntegrationArgs>>;
export type EmailDeliveryAgrees = NoDrift<FieldDrift<z.input<typeof emailDeliveryArgsSchema>, EmailDeliveryArgs>>;
export type DrAlarmsAgrees = NoDrift<FieldDrift<z.input<typeof drAlarmsArgsSchema>, DrAlarmsArgs>>;
export type TagPoliciesAgrees = NoDrift<FieldDrift<z.input<typeof tagPoliciesArgsSchema>, TagPoliciesArgs>>;
export type IdentityDomainReplicationAgrees = NoDrift<FieldDrift<z.input<typeof identityDomainReplicationArgsSchema>, IdentityDomainReplicationArgs>>;
export type ConnectivityAgentGroupAgrees = NoDrift<FieldDrift<z.input<typeof agentGroupArgsSchema>, ConnectivityAgentGroupArgs>>;
