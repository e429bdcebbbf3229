// The plan for people (grouped by kind, coloured on a terminal) and for programs (-o json).
// Secret values never appear: only whether they change.
import type { IO } from '../output/io';
import { painter, type Paint } from '../output/paint';
import { summaryOf, type Change, type FieldChange, type Plan } from './diff';
import { kindNamed } from './kinds';
import { displayKey, referenceToFile } from './model';


const SYMBOL = { create: '+', update: '~', delete: '-' } as const;
const COLOUR = { create: 'green', update: 'yellow', delete: 'red' } as const;

const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));

function fieldLine(change: Change, field: FieldChange): string {
  if (field.secret) return `${field.path}: (secret) ${change.action === 'create' ? 'set' : field.changed ? 'changed' : 'unchanged'}`;
  if (change.action === 'create') return `${field.path}: ${show(field.new)}`;
  return `${field.path}: ${show(field.old)} → ${show(field.new)}`;
}

const linkText = (target: string, key: string) => (kindNamed(target)!.reference === 'name' ? key : displayKey(key));

export function renderPlan(plan: Plan, io: IO, subject: string): string {
  const paint = painter(io.color);
  const summary = summaryOf(plan);
  const lines: string[] = [];
  if (plan.changes.length === 0) {
    lines.push(`No changes: the tenant matches ${subject}.`);
  } else {
    let kind = '';
    for (const change of plan.changes) {
      if (change.kind !== kind) lines.push(paint('bold', (kind = change.kind)));
      lines.push(paint(COLOUR[change.action], `  ${SYMBOL[change.action]} ${displayKey(change.key)}`));
      for (const field of change.fields) lines.push(`      ${fieldLine(change, field)}`);
      for (const link of change.links) {
        const parts = [...link.add.map((key) => paint('green', `+ ${linkText(link.target, key)}`)), ...link.remove.map((key) => paint('red', `- ${linkText(link.target, key)}`))];
        lines.push(`      ${link.field}: ${parts.join(', ')}`);
      }
      if (change.immutable.length > 0) lines.push(paint('red', `      ! ${change.immutable.join(', ')}: Logto cannot change ${change.immutable.length > 1 ? 'these' : 'this'} in place; apply will refuse`));
    }
    lines.push('', `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete.`);
  }
  if (plan.notInFile.length > 0) {
    const kinds = [...new Set(plan.notInFile.map((one) => one.kind))].join(', ');
    lines.push(paint('dim', `${plan.notInFile.length} ${plan.notInFile.length === 1 ? 'entry' : 'entries'} of ${kinds} in the tenant ${plan.notInFile.length === 1 ? 'is' : 'are'} not in the file; --prune would delete ${plan.notInFile.length === 1 ? 'it' : 'them'}.`));
  }
  return `${lines.join('\n')}\n`;
}

/** -o json: stable, machine-readable; references as the file writes them. */
export function planJson(plan: Plan): unknown {
  return {
    changes: plan.changes.map((change) => ({
      action: change.action,
      kind: change.kind,
      key: displayKey(change.key),
      fields: change.fields.map((field) => (field.secret ? { path: field.path, secret: true, changed: change.action === 'create' ? true : field.changed } : field)),
      links: change.links.map((link) => ({
        field: link.field,
        add: link.add.map((key) => referenceToFile(kindNamed(link.target)!.reference!, key)),
        remove: link.remove.map((key) => referenceToFile(kindNamed(link.target)!.reference!, key)),
      })),
      ...(change.immutable.length > 0 ? { immutable: change.immutable } : {}),
    })),
    summary: summaryOf(plan),
    notInFile: plan.notInFile.map((one) => ({ kind: one.kind, key: displayKey(one.key) })),
  };
}
