/**
 * Role analysis: what a policy really grants, and for which CloudHSM key store principal class.
 * (Placeholder interface; the implementation follows in this file.)
 */
import type { Catalog } from '../catalog';
import type { PolicyDoc } from '../policy';
import type { AnalysisOptions, PolicyKind, RoleVerdict } from '../types';

export interface RoleAnalysis {
  verdicts: RoleVerdict[];
}

export function analyzeRoles(_policy: PolicyDoc | undefined, _kind: PolicyKind, _catalog: Catalog, _options: AnalysisOptions): RoleAnalysis {
  return { verdicts: [] };
}
