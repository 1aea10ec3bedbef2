/**
 * The entry file of the oic-dr policy pack, which Pulumi's policy-pack runner loads (package.json
 * `main`, compiled to dist/index.js by build.ts). It only constructs the pack, at each policy's
 * own level: constructing starts the analyzer's server. To choose levels or config, construct
 * `OicDrPolicies` in a pack of your own (see the README).
 */
import { OicDrPolicies } from "./oicDrPolicies";

new OicDrPolicies();
