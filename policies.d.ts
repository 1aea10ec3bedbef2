// Types of `oic-dr/policies` for TypeScript's `moduleResolution: node` (node10), which ignores
// package.json "exports" and would otherwise stop at policies/package.json (the runnable pack).
// A "typesVersions" entry, as oic-dr/testing has, cannot do it: that resolution reads the nearest
// package.json, policies/package.json, and never the root's.
export * from "./dist/policies/oicDrPolicies";
