/**
 * The principal classes of an AWS CloudHSM key store: the one source of their ids, titles and
 * summaries is schemas/roles/<id>.json (declarative data with a reason and a source for every entry;
 * see schemas/README.md). Everything that names a class (settings, the CLI's --role, the client's
 * pin command, completion, code lenses) takes them from here; types.ts RoleId is tied to this data
 * by a test.
 */
import keyStoreManager from '../../../../schemas/roles/key-store-manager.json';
import clusterManager from '../../../../schemas/roles/cluster-manager.json';
import keyManager from '../../../../schemas/roles/key-manager.json';
import keyUser from '../../../../schemas/roles/key-user.json';
import serviceLinkedRole from '../../../../schemas/roles/service-linked-role.json';
import type { PrincipalClass, RoleId } from '../types';
import type { ProfileData } from './profiles';

/** The data of every class, in the order users see them (from building the key store to using keys). */
export const PROFILE_DATA: readonly ProfileData[] = [keyStoreManager, clusterManager, keyManager, keyUser, serviceLinkedRole] as ProfileData[];

/** The classes as users see them: id, title, summary. */
export const PRINCIPAL_CLASSES: readonly PrincipalClass[] = PROFILE_DATA.map((d) => ({ id: d.id as RoleId, title: d.title, summary: d.summary }));

/** The class ids, in the same order. */
export const ROLE_IDS: readonly RoleId[] = PRINCIPAL_CLASSES.map((c) => c.id);

/** "KMS key user", by class id. */
export const ROLE_TITLES: Readonly<Record<RoleId, string>> = Object.fromEntries(PRINCIPAL_CLASSES.map((c) => [c.id, c.title])) as Record<RoleId, string>;
