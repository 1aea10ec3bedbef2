/** The schema of IdentityDomainReplication's arguments. */
import { z } from "zod";
import { ocid, regionIdentifier } from "../support/argumentFields";

/** Arguments of the standalone IdentityDomainReplication component. */
export const identityDomainReplicationArgsSchema = z.strictObject({
    domainId: ocid("an identity domain", ["domain"]),
    isDefaultDomain: z.boolean(),
    replicaRegion: regionIdentifier,
});
export type IdentityDomainReplicationSettings = z.output<typeof identityDomainReplicationArgsSchema>;
