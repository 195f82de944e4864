/**
 * The CLI fleet world (test/helpers/fleet-world.ts) deployed by `deploy-sequence --engine stacksets`:
 * a `stackSets:` block in the config, and each region's image pushed once account A's stack made the
 * repository, so every target's pipeline deploys (as a user's push would start it).
 */
import { fleetConfig, fleetWorld, FLEET_TARGETS, SOURCE, type FleetWorld } from '../helpers/fleet-world';
import { waveTag } from '../../templates-src/wave-tag';

export const STAGE1 = 'orders-api-AccB-pipeline-1';
export const STAGE2 = 'orders-api-AccB-pipeline-2';
export const ADMIN_REGION = FLEET_TARGETS[0].region;

/**
 * GIVEN account A's repository of each region gets orders-api under the tag each target's wave watches
 * (as a push, or promote, puts it) once its stack made it.
 */
export function pushImagesOnceRepositoriesExist(world: FleetWorld): void {
  world.aws.onCall = (c) => {
    if (c.command !== 'PutPermission') return;
    for (const t of FLEET_TARGETS) {
      const ecr = world.aws.ecr(SOURCE, t.region);
      const tag = waveTag('latest', t.wave);
      if (ecr.repositoryNames().includes('orders-api') && !ecr.imageOfTag('orders-api', tag)) ecr.pushImage('orders-api', tag, `image of ${t.region}`);
    }
  };
}

export function stackSetsFleet(extra: Record<string, unknown> = {}): FleetWorld {
  const world = fleetWorld({ ...fleetConfig(), stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100, ...extra } });
  pushImagesOnceRepositoriesExist(world);
  return world;
}

export const deployStackSets = (world: FleetWorld) => world.run('deploy-sequence', '--config', world.configFile, '--engine', 'stacksets', '--yes', '--json');

export interface StatusRow { name: string; verdict: string; stage1: string; stage2: string; pipeline: string; running: string[]; problems?: string[] }
export const statusRows = (out: string) => (JSON.parse(out) as { targets: StatusRow[] }).targets;
