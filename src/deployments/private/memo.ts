/**
 * A pure function of a string, remembered per argument: the schedules of an estate repeat the
 * same cron expressions, anchor dates and time zones across thousands of deployments, and each
 * check costs more than a map lookup. The results are shared: callers must not change them.
 */
export function memoized<T>(fn: (key: string) => T): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const result = fn(key);
    results.set(key, result);
    return result;
  };
}
