/**
 * The alarms beyond the first list in app.test.ts (5xx rate, errors and throttles, backlog, tick work, failed
 * workflows), each asserted in operability.test.ts; app.test.ts counts them for the operator's cost table.
 */
export const alarmNamesBeyondTheseFive = [
  'tick-heartbeat',
  'mail-feedback-failures',
  'aurora-capacity',
  'aurora-acu-utilization',
  'aurora-connections',
  'ses-bounce-rate',
  'ses-complaint-rate',
  'provisioning-timed-out',
  'provisioning-aborted',
  'migration-timed-out',
  'migration-aborted',
  'api-4xx',
  'api-throttled',
  'api-latency-p95',
];
