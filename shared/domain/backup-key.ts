/** Where an orchestra's backups live in the files bucket: under the orchestra's own prefix. */
export function backupKey(orchestraId: string, at: Date): string {
  return `orchestras/${orchestraId}/backups/${at.toISOString().replace(/[:.]/g, '-')}.json`;
}

/** Whether a key names a backup file (a create-with-restore names one). */
export const backupKeyPattern = /^orchestras\/[0-9a-f-]{36}\/backups\/[0-9TZ-]+\.json$/;
