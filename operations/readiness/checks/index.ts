/**
 * The readiness checks, in the order the report lists them: the pair itself, what the tenancy must
 * hold for a failover (the partner region, the identity domain, email, alarms), what the
 * integrations need after one (agents, File Server clients, the integrations that poll), and the
 * last drill. Ids are stable: scripts and dashboards key on them.
 */
import type { ReadinessCheck } from "../model";
import { instanceRoles } from "./instanceRoles";
import { regionSubscription } from "./regionSubscription";
import { domainReplication } from "./domainReplication";
import { emailParity } from "./emailParity";
import { alarms } from "./alarms";
import { agents } from "./agents";
import { fileServerHostnames } from "./fileServerHostnames";
import { pollingIntegrations } from "./pollingIntegrations";
import { lastDrill } from "./lastDrill";

export const READINESS_CHECKS: readonly ReadinessCheck[] = [
    instanceRoles,
    regionSubscription,
    domainReplication,
    emailParity,
    alarms,
    agents,
    fileServerHostnames,
    pollingIntegrations,
    lastDrill,
];
