/** The flow-run metrics a metric trigger can watch (Prefect Cloud only). */
export enum MetricName {
  /** How late flow runs start, in seconds. */
  LATENESS = 'lateness',
  /** How long flow runs take, in seconds. */
  DURATION = 'duration',
  /** The share of flow runs that succeed, from 0 to 1. */
  SUCCESSES = 'successes',
}

/** How a metric trigger compares the metric with its threshold. */
export enum MetricOperator {
  /** `<` */
  LESS_THAN = '<',
  /** `<=` */
  LESS_THAN_OR_EQUAL = '<=',
  /** `>` */
  GREATER_THAN = '>',
  /** `>=` */
  GREATER_THAN_OR_EQUAL = '>=',
}
