import { gcpDetector } from '@opentelemetry/resource-detector-gcp';
import { awsEc2Detector, awsLambdaDetector } from '@opentelemetry/resource-detector-aws';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import { hostDetector } from '@opentelemetry/resources';
import { selectDetectors } from '../src/sdk/create-resource';

// [what, OTEL_NODE_RESOURCE_DETECTORS as resolved (undefined = default), env, included, excluded]
describe('resource detector selection', () => {
  test.each<[string, string[] | undefined, Record<string, string>, unknown[], unknown[]]>([
    [
      'default off-cloud: no metadata-server probe',
      undefined,
      {},
      [hostDetector, containerDetector, awsLambdaDetector],
      [gcpDetector, awsEc2Detector],
    ],
    ['default on Cloud Run', undefined, { K_SERVICE: 'checkout' }, [gcpDetector], [awsEc2Detector]],
    ['default on Cloud Functions', undefined, { FUNCTION_TARGET: 'handler' }, [gcpDetector], []],
    ['default with a GCP project', undefined, { GOOGLE_CLOUD_PROJECT: 'p' }, [gcpDetector], []],
    ['gcp named explicitly', ['gcp'], {}, [gcpDetector], [hostDetector]],
    ['aws-ec2 only when named', ['aws-ec2'], {}, [awsEc2Detector], [awsLambdaDetector]],
    ['all', ['all'], {}, [gcpDetector, awsEc2Detector, hostDetector], []],
  ])('%s', (_what, names, env, included, excluded) => {
    const chosen = selectDetectors(names, env);
    for (const detector of included) expect(chosen).toContain(detector);
    for (const detector of excluded) expect(chosen).not.toContain(detector);
  });

  test('none runs no detector', () => {
    expect(selectDetectors(['none', 'host'], {})).toEqual([]);
  });
});
