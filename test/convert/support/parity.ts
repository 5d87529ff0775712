import * as fs from 'fs';
import * as path from 'path';

/** Whether a corpus project builds a docker image (then both sides need a Docker API and a registry). */
export function buildsImage(corpus: string, project: string): boolean {
  return fs.readFileSync(path.join(corpus, project, 'prefect.yaml'), 'utf8').includes('build_docker_image');
}

/**
 * The corpus projects the parity test deploys both ways: all of them, or, where no docker build
 * can run (`withImages` false), those without docker build steps.
 */
export function parityCorpus(corpus: string, withImages: boolean): string[] {
  return fs.readdirSync(corpus).filter((p) => fs.existsSync(path.join(corpus, p, 'prefect.yaml')))
    .filter((p) => withImages || !buildsImage(corpus, p))
    .sort();
}

/** A difference between `prefect deploy` (want) and the converted app (got) that is intended. */
export interface IntendedDifference {
  readonly field: string;
  readonly applies: (want: any, got: any) => boolean;
  /** Why (the same words as docs/convert.md). */
  readonly why: string;
}

/** Every intended difference; docs/convert.md has the same table. */
export const INTENDED: IntendedDifference[] = [
  {
    field: 'version',
    applies: (want, got) => /^[0-9a-f]{32}$/.test(want) && got === null,
    why: 'without a version in the yaml, prefect deploy stores an MD5 hash of the flow file at deploy time; the app stores none',
  },
  {
    field: 'parameter_openapi_schema',
    applies: (want, got) => typeof want === 'object' && want?.properties !== undefined && (got === null || Object.keys(got ?? {}).length === 0 || got?.properties === undefined),
    why: 'prefect deploy generates the schema from the flow function\'s signature by importing the code; the converter does not run the code',
  },
  {
    field: 'job_variables',
    applies: (want, got) => JSON.stringify(got).includes('{{ prefect.variables.') && !JSON.stringify(want).includes('{{ prefect.variables.'),
    why: 'prefect deploy replaces {{ prefect.variables.x }} in job variables with the value at deploy time; the app keeps the reference, which the worker resolves at each run',
  },
  {
    field: 'description',
    applies: (want, got) => want === 'None' && got === null,
    why: 'for a flow without a docstring, prefect deploy 3.8.8 stores the text "None"; the app stores no description',
  },
  {
    field: 'schedules',
    applies: (want, got) => canonicalSchedules(want) === canonicalSchedules(got),
    why: 'the same schedules, written differently: an interval\'s anchor_date in UTC rather than with the offset given, an rrule with its "RRULE:" prefix',
  },
];

/** Schedules with anchor dates as instants and rrules without the optional RRULE: prefix. */
function canonicalSchedules(list: any[]): string {
  return JSON.stringify((list ?? []).map((s) => ({
    ...s,
    schedule: {
      ...s.schedule,
      ...(s.schedule.anchor_date && { anchor_date: new Date(s.schedule.anchor_date).toISOString() }),
      ...(s.schedule.rrule && { rrule: String(s.schedule.rrule).replace(/(^|\n)RRULE:/g, '$1') }),
    },
  })));
}
