/**
 * The CLI's command line: the usage text and the parser that turns arguments into analysis options.
 * Class ids come from the core's class data, check ids from the core's registry.
 */
import { AnalysisOptions, CHECKS, PolicyKind, RoleId, SeverityOverride } from '../analysis';
import { ROLE_IDS as CLASS_IDS } from '../classData';

/** The principal class ids, in the order of the class data. */
const ROLE_IDS: readonly string[] = CLASS_IDS;

export const USAGE = `Usage: cloudhsm-policy-lint [options] <file|folder|->...

Checks AWS IAM policies and KMS key policies for the principals of an AWS CloudHSM key store.
Folders are searched for *.json files that look like policies; "-" reads standard input.

Options:
  --format text|json|sarif   output format (default: text)
  --role <id>                pin the principal class: ${ROLE_IDS.join(', ')}, or none
  --principal-role <glob>=<id>
                             key policies: pin the class of the principals whose ARN matches the
                             glob (* and ?), e.g. "arn:aws:iam::*:role/App*=key-user"; repeatable
  --kind identity|resource|trust
                             force the policy kind (default: inferred)
  --severity <code>=<level>  override a check's severity (error, warning, information, hint, off); repeatable
  --exit-zero                exit 0 even when there are error findings (report only)
  --list-checks              print every check id with its default severity and exit
  --version                  print the version and the action catalog snapshot
  -h, --help                 print this help

Exit codes: 0 no error-severity finding (or --exit-zero), 1 at least one, 2 usage error or unreadable input.`;

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif';
export interface Args { inputs: string[]; format: Format; options: AnalysisOptions; exitZero: boolean }

/** Parses the arguments; throws UsageError with a message for the user. */
export function parseArgs(argv: string[]): Args | 'help' | 'version' | 'list' {
  const args: Args = { inputs: [], format: 'text', options: {}, exitZero: false };
  const severity: Record<string, SeverityOverride> = {};
  const known = new Set(CHECKS.map((c) => c.id));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    const flag = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (flag) {
      case '-h': case '--help': return 'help';
      case '--version': return 'version';
      case '--list-checks': return 'list';
      case '--exit-zero': args.exitZero = true; break;
      case '--format': {
        const f = next();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}": use text, json or sarif`);
        args.format = f;
        break;
      }
      case '--role': {
        const r = next();
        if (r === 'none') args.options.role = null;
        else if (ROLE_IDS.includes(r)) args.options.role = r as RoleId;
        else throw new UsageError(`unknown principal class "${r}": valid ids are ${ROLE_IDS.join(', ')}, or none`);
        break;
      }
      case '--principal-role': {
        const v = next();
        const eq = v.lastIndexOf('=');
        const glob = eq > 0 ? v.slice(0, eq) : '';
        const r = eq > 0 ? v.slice(eq + 1) : '';
        if (!glob || !ROLE_IDS.includes(r)) throw new UsageError(`--principal-role wants <principal ARN glob>=<class id>, with a class id among ${ROLE_IDS.join(', ')} (got "${v}")`);
        (args.options.principalRoles ??= {})[glob] = r as RoleId;
        break;
      }
      case '--kind': {
        const k = next();
        if (k !== 'identity' && k !== 'resource' && k !== 'trust') throw new UsageError(`unknown policy kind "${k}": use identity, resource or trust`);
        args.options.kind = k as PolicyKind;
        break;
      }
      case '--severity': {
        const v = next();
        const m = /^([a-z0-9-]+)=(error|warning|information|hint|off)$/.exec(v);
        if (!m) throw new UsageError(`--severity takes <code>=<error|warning|information|hint|off>, not "${v}"`);
        if (!known.has(m[1])) throw new UsageError(`unknown check "${m[1]}" (see --list-checks)`);
        severity[m[1]] = m[2] as SeverityOverride;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.inputs.push(a);
    }
  }
  if (Object.keys(severity).length) args.options.severity = severity;
  if (args.inputs.length === 0) throw new UsageError('no input: give files, folders or - for standard input');
  return args;
}
