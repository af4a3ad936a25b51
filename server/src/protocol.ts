/**
 * The extension's own protocol, shared by the client and the server (both bundles import this
 * module, which imports nothing): the status notification and the command the server's code lenses run.
 */

/** Server to client, when a document's verdicts change: what the language status item shows. */
export const STATUS_NOTIFICATION = 'cloudhsmPolicy/status';

/** One principal-class verdict as the status item shows it. */
export interface StatusVerdict {
  role: string;
  /** The class's title ("KMS key user"). */
  title: string;
  source: 'pinned' | 'inferred';
  reason: string;
  requiredGranted: number;
  requiredTotal: number;
  excessive: number;
  principal?: string;
}

export interface StatusParams {
  uri: string;
  /** False for a JSON document that is not a policy: the client shows no status item for it. */
  isPolicy: boolean;
  kind: string | null;
  /** All verdicts of the document; `roles` holds the first few. */
  total: number;
  roles: StatusVerdict[];
}

/** Client command: pin the principal class of a file (arguments: uri?, class id?). */
export const PIN_ROLE_COMMAND = 'cloudhsmPolicy.pinRole';
