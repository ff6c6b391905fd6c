import { t } from '../../i18n/i18n';

/**
 * An audit action ("musician.archive") said in words ("Musiker arkiverades"), for people rather than for
 * filters; an action or entity this table does not know yet is shown as its code, never as nothing.
 */
export function auditActionText(action: string, entityType?: string): string {
  const [entity = '', verb = ''] = action.split('.');
  const lookup = t as (key: string) => string | undefined;
  const entityName = lookup(`auditNames.entities.${entity}`) ?? lookup(`auditNames.entities.${entityType ?? ''}`);
  const verbName = lookup(`auditNames.verbs.${verb}`);
  if (!entityName || !verbName) return action;
  return `${entityName} ${verbName}`;
}

/** An entity type ("ranking_list") said in words ("Rankinglista"); one this table does not know yet stays a code. */
export function auditEntityName(entityType: string): string {
  return (t as (key: string) => string | undefined)(`auditNames.entities.${entityType}`) ?? entityType;
}

/**
 * The actions an orchestra's own log records (shared/app: every recordAudit call), each with the entity type it
 * is logged under, so the audit filters offer readable choices yet send the exact codes GET /api/audit expects.
 */
export const auditActions: { action: string; entityType: string }[] = [
  ['file', ['create', 'confirm', 'update', 'delete']],
  ['group_email', ['send']],
  ['instrument', ['create', 'rename', 'reorder', 'archive', 'restore']],
  ['musician', ['create', 'update', 'import', 'archive', 'restore', 'erase']],
  ['need', ['create', 'update', 'quantity', 'pause', 'resume', 'archive']],
  ['outbox', ['resend']],
  ['position', ['create', 'rename', 'reorder', 'archive', 'restore']],
  ['project', ['create', 'update', 'send', 'conflict_choices', 'pause', 'resume', 'archive']],
  ['ranking_list', ['create_custom', 'update', 'add_entry', 'remove_entry', 'reorder', 'clear', 'archive', 'delete']],
  ['request', ['withdraw']],
  ['settings', ['update']],
  ['template', ['update', 'reset']],
].flatMap(([entity, verbs]) =>
  (verbs as string[]).map((verb) => ({ action: `${entity as string}.${verb}`, entityType: entity === 'template' ? 'email_template' : (entity as string) })),
);

/** The entity types those actions are logged under. */
export const auditEntityTypes: string[] = [...new Set(auditActions.map((a) => a.entityType))];
