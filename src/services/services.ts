/** The use cases of the platform, built once at start-up from the adapters. */
import { StatementService } from "./accounting/statement-service.js";
import { AuditService } from "./audit/audit-service.js";
import type { ServiceDeps } from "./context.js";
import { FleetRegistry } from "./fleet/fleet-registry.js";
import { NotificationService } from "./notifications/notification-service.js";
import { NodeService } from "./operations/node-service.js";
import { BootstrapService } from "./identity/bootstrap.js";
import { OrganizationService } from "./identity/organizations.js";
import { PeopleService } from "./identity/people.js";
import { SessionService } from "./identity/sessions.js";
import { TokenService } from "./identity/tokens.js";
import { AllocationService } from "./programs/allocation-service.js";
import { ApplicationService } from "./programs/application-service.js";
import { AwardService } from "./programs/award-service.js";
import { ProgramService } from "./programs/program-service.js";
import { ReportService } from "./programs/report-service.js";
import { FleetViewCache } from "./workloads/fleet-view.js";
import { WorkloadService } from "./workloads/workload-service.js";

/** Every service, sharing one set of adapters. */
export interface Services {
  readonly deps: ServiceDeps;
  readonly organizations: OrganizationService;
  readonly people: PeopleService;
  readonly tokens: TokenService;
  readonly sessions: SessionService;
  readonly bootstrap: BootstrapService;
  readonly audit: AuditService;
  readonly fleet: FleetRegistry;
  readonly notifications: NotificationService;
  readonly programs: ProgramService;
  readonly applications: ApplicationService;
  readonly awards: AwardService;
  readonly allocations: AllocationService;
  readonly reports: ReportService;
  readonly statements: StatementService;
  readonly fleetView: FleetViewCache;
  readonly workloads: WorkloadService;
  readonly nodes: NodeService;
}

/** Wires the services to the adapters. */
export function createServices(deps: ServiceDeps): Services {
  const fleet = new FleetRegistry(deps);
  const fleetView = new FleetViewCache(fleet, deps.clock);
  return {
    deps,
    organizations: new OrganizationService(deps),
    people: new PeopleService(deps),
    tokens: new TokenService(deps),
    sessions: new SessionService(deps),
    bootstrap: new BootstrapService(deps),
    audit: new AuditService(deps),
    fleet,
    notifications: new NotificationService(deps),
    programs: new ProgramService(deps),
    applications: new ApplicationService(deps),
    awards: new AwardService(deps),
    allocations: new AllocationService(deps),
    reports: new ReportService(deps),
    statements: new StatementService(deps),
    fleetView,
    workloads: new WorkloadService(deps, fleetView),
    nodes: new NodeService(deps, fleetView),
  };
}
