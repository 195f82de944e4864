/**
 * What a call of the proof cites: the row of the permission table it comes from and the pages that row
 * cites, with the row's doubt when it has one. Shown in the report, the JSON and generated/ACCESS.md.
 */
import { permission, type PermissionId } from '../../templates-src/permissions/action-permissions';
import { PAGES } from '../../templates-src/permissions/documentation';

export interface Documentation {
  /** The row id, e.g. `ecr-source/write-artifact`. */
  permission: PermissionId;
  hop: string;
  sources: Array<{ title: string; url: string; section?: string; quote?: string }>;
  /** Why the documentation does not settle the row, when it does not. */
  unsure?: string;
}

export function documentationOf(id: PermissionId): Documentation {
  const row = permission(id);
  return {
    permission: id,
    hop: row.hop,
    sources: row.sources.map((c) => ({ ...PAGES[c.page], ...(c.section ? { section: c.section } : {}), ...(c.quote ? { quote: c.quote } : {}) })),
    ...(row.unsure ? { unsure: row.unsure } : {}),
  };
}
