/**
 * Where `oic-dr check --policy-pack` listens for the settings a user's pack constructs
 * `OicDrPolicies` with (engine/packSettingsHost.ts). When a function is registered here,
 * `OicDrPolicies` hands it its name and arguments as given, and the function throws: nothing is
 * served. A registry symbol, so that the copy of oic-dr the user's pack installed finds it too.
 * Imports nothing: the reading process loads no more than the pack itself does.
 */
export const SETTINGS_CAPTURE: unique symbol = Symbol.for("oic-dr.policyPackSettings");
export type SettingsCapture = (name: string, settings: unknown) => never;
