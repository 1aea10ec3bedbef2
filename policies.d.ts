// Types of `oic-dr/policies` for TypeScript's `moduleResolution: node` (node10), which ignores
// package.json "exports" and would otherwise stop at policies/package.json (the runnable pack).
export * from "./dist/policies/oicDrPolicies";
