import {
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import { gcpDetector } from '@opentelemetry/resource-detector-gcp';
import {
  awsBeanstalkDetector,
  awsEc2Detector,
  awsEcsDetector,
  awsEksDetector,
  awsLambdaDetector,
} from '@opentelemetry/resource-detector-aws';
import type { ResolvedConfig } from '../internal-types';
import { defaultResourceDetectorNames } from '../config/known-names';
import { findAppPackage } from './app-package';
import { distroName, distroVersion } from '../version';

// `env` is absent on purpose: resolveConfig already parsed OTEL_RESOURCE_ATTRIBUTES (and reported bad values once).
const byName: Record<string, ResourceDetector[]> = {
  host: [hostDetector],
  os: [osDetector],
  process: [processDetector],
  serviceinstance: [serviceInstanceIdDetector],
  container: [containerDetector],
  gcp: [gcpDetector],
  aws: [awsLambdaDetector, awsEcsDetector, awsBeanstalkDetector],
  'aws-ec2': [awsEc2Detector],
  'aws-eks': [awsEksDetector],
};

/** Resource = detected attributes < OTEL_RESOURCE_ATTRIBUTES < code attributes < service name and distro. */
export function createResource(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
): { resource: Resource; serviceName: string } {
  const detected = detectResources({ detectors: selectDetectors(config.resourceDetectors, env) });
  const app = config.serviceName ? undefined : findAppPackage();
  const serviceName = config.serviceName ?? app?.name ?? 'unknown_service:node';
  const serviceVersion = config.serviceVersion ?? app?.version;
  const own = resourceFromAttributes({
    ...config.resourceAttributes,
    'service.name': serviceName,
    ...(serviceVersion ? { 'service.version': serviceVersion } : {}),
    'telemetry.distro.name': distroName,
    'telemetry.distro.version': distroVersion,
  });
  return { resource: detected.merge(own), serviceName };
}

export function selectDetectors(
  names: string[] | undefined,
  env: NodeJS.ProcessEnv,
): ResourceDetector[] {
  const explicit = names !== undefined;
  const list = names ?? defaultResourceDetectorNames;
  if (list.includes('none')) return [];
  const chosen = list.includes('all') ? Object.keys(byName) : list;
  return chosen.flatMap((name) => {
    // Metadata-server probes cost seconds off-cloud; by default they wait for a sign that we are on that cloud.
    if (!explicit && name === 'gcp' && !onGcp(env)) return [];
    return byName[name] ?? [];
  });
}

function onGcp(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.K_SERVICE ||
    env.FUNCTION_TARGET ||
    env.GAE_SERVICE ||
    env.GOOGLE_CLOUD_PROJECT ||
    env.GCE_METADATA_HOST,
  );
}
