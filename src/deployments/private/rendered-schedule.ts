/** The attributes of a `prefect_deployment_schedule` that depend on the kind. */
export interface RenderedSchedule {
  readonly cron?: string;
  readonly dayOr?: boolean;
  readonly interval?: number;
  readonly anchorDate?: string;
  readonly rrule?: string;
  readonly timezone: string;
}

