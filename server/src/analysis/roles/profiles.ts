/**
 * The five principal classes of an AWS CloudHSM key store, loaded from schemas/roles/*.json
 * (declarative data with a reason and a source for every entry; see schemas/roles/README.md).
 */
import type { RoleId } from '../types';

export const ROLE_TITLES: Record<RoleId, string> = {
  'key-store-manager': 'Key store manager',
  'cluster-manager': 'CloudHSM cluster manager',
  'key-manager': 'KMS key manager',
  'key-user': 'KMS key user',
  'service-linked-role': 'KMS service-linked role',
};
