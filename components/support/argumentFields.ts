/**
 * The argument fields more than one component's schema uses: OCIDs, instance names, tags, name
 * prefixes, regions, providers and secrets. Each component's own schema sits in its folder
 * (components/<component>/schema.ts) and validates its arguments once, at the edge, before anything
 * is registered (see validation.ts for how problems are reported); a child composed by
 * `DrPairedIntegration` gets the validated values and parses nothing again.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { OCI_PROVIDER_AUTH_METHODS } from "../../facts/ociAuth";
import { ocidPattern } from "../../facts/ocid";
import { realmOfRegion } from "../../facts/regionCatalogue";
import { drRegionIdentifiers, DrRegionIdentifier, REGION_IDENTIFIER } from "../../facts/regions";
import { defaultNamePrefix, NAME_PREFIX } from "./naming";
import { describeValue, given, stringInput } from "./validation";

/** Why `value` is not an OCID of one of `types`, or undefined when it is one. */
function ocidProblem(what: string, types: readonly string[]): (value: string) => string | undefined {
    const pattern = ocidPattern(types);
    const shape = types.map((t) => `ocid1.${t}.oc1..<unique id>`).join(" or ");
    return (value) => (pattern.test(value) ? undefined : `${describeValue(value)} is not ${what} OCID; expected ${shape}`);
}

/**
 * An OCID, as text or as another resource's output (a compartment created in the same program):
 * text is checked now, an Output when its value is known (see stringInput).
 */
export function ocid(what: string, types: readonly string[]) {
    return stringInput(ocidProblem(what, types));
}

/** Integration instance names: a letter first, then letters, digits and hyphens, at most 50 characters. */
const DISPLAY_NAME = /^[A-Za-z][A-Za-z0-9-]{0,49}$/;
export const displayNameField = z.string().regex(DISPLAY_NAME, {
    error: given((input) =>
        `${describeValue(input)} is not a valid instance name; use 1 to 50 letters, digits or hyphens, starting with a letter`),
});

export const tagMap = z.record(z.string().min(1), z.string());

/**
 * The prefix of the names OCI keeps unique across the tenancy; defaults to `<project>-<stack>`.
 * Plain text: it builds names.
 */
export const namePrefix = z
    .string()
    .regex(NAME_PREFIX, { error: given((input) => `${describeValue(input)} is not a name prefix (1 to 64 letters, digits, "_" and "-")`) })
    .optional()
    .transform((prefix) => prefix ?? defaultNamePrefix());

/** A region of an Oracle-managed DR pair. Plain text: it chooses providers and names. */
export const drRegionField = z.enum(DrRegionIdentifier, {
    error: given((input) =>
        `${describeValue(input)} is not a region of an Oracle-managed DR pair; allowed: ${drRegionIdentifiers.join(", ")}`),
});

/** A region of OCI's catalogue (oci-common's `Region.values()`), not just a well-formed identifier. */
export const regionIdentifier = z.string().refine((text) => REGION_IDENTIFIER.test(text) && realmOfRegion(text) !== undefined, {
    error: given((input) => `${describeValue(input)} is not an OCI region identifier such as "us-ashburn-1" (regions as the oci-common SDK's catalogue lists them)`),
});

/** An OCI provider instance (any copy of @pulumi/oci: `isInstance` compares the package name, not the class). */
const ociProviderInstance = z.custom<oci.Provider>((value) => oci.Provider.isInstance(value), {
    error: given((input) => `${describeValue(input)} is not an OCI provider (new oci.Provider(...))`),
});

/** Providers per role; the missing ones are created from region names. */
export const providersSchema = z.strictObject({
    primary: ociProviderInstance.optional(),
    secondary: ociProviderInstance.optional(),
    home: ociProviderInstance.optional(),
});

/** Settings shared by every OCI provider a component creates from region names. */
export const ociProvider = z.strictObject({
    auth: z.enum(OCI_PROVIDER_AUTH_METHODS).optional(),
    configFileProfile: z.string().min(1).optional(),
});

/** What every component acting in both regions of a pair takes. */
export const pairedArgs = {
    primaryRegion: drRegionField,
    providers: providersSchema.optional(),
    ociProvider: ociProvider.optional(),
};

/**
 * A secret given as a Pulumi secret Output. Plain text is refused (it would be stored and shown in
 * clear); a missing one is reported as missing, by the generic "required".
 */
export const secretOutput = z.custom<pulumi.Output<string>>((v) => pulumi.Output.isInstance(v), {
    error: given(() => "must be a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)), never plain text"),
});
