/**
 * The plugin's entry point: the components other Pulumi languages get.
 *
 * The language host serves every ComponentResource subclass exported here and nothing else
 * (@pulumi/pulumi provider/experimental/provider.ts:104-150, getPulumiComponents), and the schema
 * analyzer starts from this file and follows its imports to find each class
 * (analyzer.ts:113-170). Imported from the package's root module, by file (`../index`, not `..`:
 * a directory would resolve through package.json to the compiled dist/).
 */
export {
    ConnectivityAgentGroup,
    DrAlarms,
    DrPairedIntegration,
    EmailDelivery,
    IdentityDomainReplication,
    RegionSubscription,
    TagPolicies,
} from "../index";
