import { Deployment, Flow, Schedule } from '../../src/deployments';
import { checkTimezone, formatterTimezoneError } from '../../src/deployments/private/time';
import { newStack, onlyResource, synthJson } from '../support/synth';

// checkTimezone accepts ICU's canonical names from a list (cheap) and sends every other name
// to Intl.DateTimeFormat (8 MB of locale data on first use). That shortcut is only right if the
// formatter accepts every listed name as written: checked here for all of them.
describe('time zone check', () => {
  const canonical = Intl.supportedValuesOf('timeZone');

  test('the formatter accepts every canonical name as it is written', () => {
    expect(canonical.length).toBeGreaterThan(300);
    expect(canonical.filter((zone) => formatterTimezoneError(zone) !== undefined)).toEqual([]);
  });

  test.each([
    // canonical, aliases that are not in the list, wrong case, unknown, offsets
    'Europe/Berlin', 'America/New_York', 'UTC', 'Etc/UTC', 'GMT', 'US/Eastern', 'Asia/Kolkata', 'Etc/GMT-2',
    'europe/berlin', 'EUROPE/BERLIN', 'utc', 'Mars/Olympus', 'Europe/Berlin ', '', '+02:00', 'UTC+2', 'gmt-1',
  ])('%j: same verdict as the formatter alone', (zone) => {
    const offset = /^[+-]/.test(zone) || /^(utc|gmt)[+-]/i.test(zone);
    expect(checkTimezone(zone)).toEqual(offset ? expect.stringContaining('offsets are not time zones') : formatterTimezoneError(zone));
  });

  test('a name that is not canonical still gets the formatter\'s verdict in a schedule', () => {
    const stack = newStack();
    const flow = new Flow(stack, 'F', { flowName: 'etl' });
    const dep = new Deployment(stack, 'D', { flow, deploymentName: 'd', entrypoint: 'a.py:f' });
    dep.addSchedule('S', Schedule.cron('0 9 * * *', { timezone: 'US/Eastern' }));
    expect(onlyResource(synthJson(stack), 'prefect_deployment_schedule').timezone).toBe('US/Eastern');
    expect(() => dep.addSchedule('T', Schedule.cron('0 9 * * *', { timezone: 'europe/berlin' })))
      .toThrow(/D\/T: invalid timezone "europe\/berlin": time zone names are case-sensitive in Prefect; write "Europe\/Berlin"/);
  });
});
