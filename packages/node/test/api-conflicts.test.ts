import { findApiConflicts } from '../src/diag/api-conflicts';

describe('findApiConflicts', () => {
  test('one copy of the API and no provider registered: nothing to say', () => {
    expect(
      findApiConflicts({ '/app/node_modules/@opentelemetry/api/build/src/index.js': {} }),
    ).toEqual([]);
  });

  test('two copies of @opentelemetry/api loaded are reported with their paths', () => {
    const problems = findApiConflicts({
      '/app/node_modules/@opentelemetry/api/build/src/index.js': {},
      '/app/node_modules/lib/node_modules/@opentelemetry/api/build/src/index.js': {},
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /more than one copy of @opentelemetry\/api is loaded \(.*lib\/node_modules.*\); deduplicate/,
      ),
    ]);
  });
});
