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
