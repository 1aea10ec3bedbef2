/**
 * The stack config keys the components read as secrets (with `getSecret`; stackConfig.ts marks them
 * `secret: true`), as plain data: the `oic-dr` command warns when a stack file holds one in plain
 * text, and loads no Pulumi SDK to know them (its start-up must stay light, see stackOutputs.ts).
 */
export const SECRET_CONFIG_KEYS: readonly string[] = ["idcsAccessToken", "agentClientSecret", "agentProxyPassword"];
