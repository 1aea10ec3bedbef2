/**
 * The oic-dr policy pack, for `pulumi preview --policy-pack policies`. Constructing a PolicyPack
 * starts the analyzer's gRPC server, so this file does nothing else and tests never import it:
 * they test the `policies` array (and `oic-dr check` drives the same array offline).
 */
import { PolicyPack } from "@pulumi/policy";
import { policies, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Rejects what Oracle-managed disaster recovery for Oracle Integration 3 does not support.",
    policies,
});
