/**
 * Where an Oracle or OCI fact comes from: the page (or reference file) a reader opens to re-check
 * it, which revision of it was read (or, for a page without one, the day it was read), and the
 * seed document it came from where it did. facts/catalogue.ts gives every enforced fact one or more.
 *
 * Dependency-free: the policy pack bundles the facts modules that use it.
 */

/** The day the pages without a revision of their own were read (issue 22). */
export const PAGES_READ_ON = "2026-12-07";

interface SourceBase {
    /** The page's or document's title, as its publisher gives it. */
    readonly title: string;
    /** Where to read it. */
    readonly url: string;
    /** The part of it that states the fact (a section, a file and line). */
    readonly section?: string;
    /**
     * The seed the fact came from, by file name (the project's source documents), and what the
     * seed is.
     */
    readonly seed?: string;
}

/** A source has a revision (`G10051-10, March 2025`, `4.20.0`), a day it was read, or both. */
export type FactSource = SourceBase & ({ readonly revision: string; readonly read?: string } | { readonly revision?: string; readonly read: string });

/**
 * Oracle's guide to Oracle-managed DR for Oracle Integration 3, in the revision the product was
 * built from (the seed). Its current pages live under the URL below ("User Responsibilities" is
 * there); the search of Oracle's pages on 2026-12-07 found no current "What's Supported?" or
 * "What's Not Supported?" page, so those facts are the seed's revision's (README: unverified
 * whether the current pages still say the same).
 */
export const ORACLE_MANAGED_DR_GUIDE = {
    title: "Configuring an Oracle-Managed Disaster Recovery Solution for Oracle Integration 3",
    url: "https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/",
    revision: "G10051-10, March 2025",
    seed: "000_26428459c018b824.txt (this guide, G10051-10)",
} as const satisfies FactSource;

/** The guide's section `section`, as a source of its own. */
export const drGuideSection = (section: string): FactSource => ({ ...ORACLE_MANAGED_DR_GUIDE, section });

/**
 * Oracle's current list of the regions with Oracle-managed DR and their partners, with the names
 * Oracle gives the regions ("UK West (Cardiff)"); no revision printed, read on {@link PAGES_READ_ON}.
 */
export const DR_AVAILABILITY_PAGE = {
    title: "Disaster Recovery Availability (Oracle Integration 3)",
    url: "https://docs.oracle.com/en-us/iaas/application-integration/doc/disaster-recovery-availability.html",
    read: PAGES_READ_ON,
} as const satisfies FactSource;

/** The current "User Responsibilities" page of the Oracle-managed DR guide (private endpoints on both instances). */
export const DR_USER_RESPONSIBILITIES_PAGE = {
    title: "User Responsibilities (Configuring an Oracle-Managed Disaster Recovery Solution for Oracle Integration 3)",
    url: "https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/user-responsibilities.html",
    read: PAGES_READ_ON,
} as const satisfies FactSource;

/** "Plan the Connectivity Agent Setup": one or two agents per agent group. */
export const CONNECTIVITY_AGENT_PLAN_PAGE = {
    title: "Plan the Connectivity Agent Setup (Using Integrations in Oracle Integration 3)",
    url: "https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/plan-connectivity-agent-setup.html",
    read: PAGES_READ_ON,
    seed: "001_7e8bc88f4146d385.txt (the high-availability connectivity agent: agent groups, at most two agents per group)",
} as const satisfies FactSource;

/**
 * The `@pulumi/oci` typings this library is built against: the provider's doc comments, generated
 * from the Terraform provider's schema and Oracle's API reference (cited by file and line under
 * node_modules/@pulumi/oci in facts/ociContracts.ts).
 */
export const pulumiOciTypings = (section: string): FactSource => ({
    title: "@pulumi/oci TypeScript declarations",
    url: "https://www.npmjs.com/package/@pulumi/oci/v/4.20.0",
    revision: "4.20.0",
    section,
});

/** The OCI Go SDK vendored by the Terraform provider, where the typings name no allowed values. */
export const ociGoSdk = (section: string): FactSource => ({
    title: "oracle/terraform-provider-oci, vendored oci-go-sdk v65",
    url: "https://github.com/oracle/terraform-provider-oci",
    revision: "v8.23",
    section,
});

/** An Oracle documentation page without a revision, read on {@link PAGES_READ_ON}. */
export const oraclePage = (title: string, url: string, section?: string): FactSource => ({
    title,
    url,
    read: PAGES_READ_ON,
    ...(section === undefined ? {} : { section }),
});
