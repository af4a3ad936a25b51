/**
 * The principal classes as the edges name them (settings, the CLI's --role, the client's pin command,
 * the manifest generator): the data of schemas/roles/*.json, bundled here at the edge. The core
 * receives the same data as an argument (policyData.ts); this module holds no more than the
 * client needs, so the client bundle carries the class files only.
 */
import keyStoreManager from '../../schemas/roles/key-store-manager.json';
import clusterManager from '../../schemas/roles/cluster-manager.json';
import keyManager from '../../schemas/roles/key-manager.json';
import keyUser from '../../schemas/roles/key-user.json';
import serviceLinkedRole from '../../schemas/roles/service-linked-role.json';
import { principalClasses } from './analysis/data';
import type { ClassData } from './analysis/data';
import type { PrincipalClass, RoleId } from './analysis/types';

/** The data of every class, in the order users see them (from building the key store to using keys). */
export const CLASS_DATA: readonly ClassData[] = [keyStoreManager, clusterManager, keyManager, keyUser, serviceLinkedRole] as ClassData[];

/** The classes as users see them: id, title, summary. */
export const PRINCIPAL_CLASSES: readonly PrincipalClass[] = principalClasses(CLASS_DATA);

/** The class ids, in the same order. */
export const ROLE_IDS: readonly RoleId[] = PRINCIPAL_CLASSES.map((c) => c.id);
