import {
  ErrorCode,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRequestError,
} from '@slack/web-api';

/**
 * What went wrong talking to Slack, in one line that names the variable or setting to fix (never a token's
 * value, never a stack trace), and whether waiting can fix it. A rejected, revoked or wrong kind of token
 * is fatal (the process exits 1 with the line); anything else (Slack unreachable, its errors, a WebSocket
 * that did not open) is an outage the connection waits out.
 */

/** The credential a call used: the bot token (Web API) or the app-level token (Socket Mode). */
export type TokenVariable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

export interface SlackProblem {
  /** fatal: exit 1 (a retry can't fix it); outage: wait and retry. */
  readonly kind: 'fatal' | 'outage';
  /** Slack's error code, or what failed on the way to Slack (`unreachable`, `http_503`, `socket_closed`). */
  readonly code: string;
  /** The one log line: what happened and what to do. */
  readonly line: string;
}

/** Slack's answers that mean the token itself is wrong: no retry helps. */
const REJECTED = new Set(['invalid_auth', 'not_authed']);
const REVOKED = new Set([
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
  'user_removed_from_team',
]);
const WRONG_KIND = new Set(['not_allowed_token_type']);

/** How to get a good value for each token. */
export const TOKEN_FIX: Record<TokenVariable, string> = {
  SLACK_BOT_TOKEN:
    "set it to the app's Bot User OAuth Token (xoxb-…) from OAuth & Permissions in the app's settings (api.slack.com/apps)",
  SLACK_APP_TOKEN:
    "set it to an app-level token (xapp-…) with the connections:write scope, from Basic Information → App-Level Tokens in the app's settings, or unset it to use the HTTP transport",
};

/** The words of each problem; the variable and Slack's code are filled in. */
export const PROBLEM_TEXT = {
  rejected: (v: TokenVariable, code: string) => `${v} was rejected by Slack (${code}): ${TOKEN_FIX[v]}`,
  revoked: (v: TokenVariable, code: string) =>
    `${v} was revoked or its workspace access ended (${code}): reinstall the app to the workspace, then ${TOKEN_FIX[v]}`,
  wrongKind: (v: TokenVariable, code: string) =>
    `${v} is not the kind of token Slack expects here (${code}): ${TOKEN_FIX[v]}`,
  missingScope: (v: TokenVariable, needed: string) =>
    v === 'SLACK_APP_TOKEN'
      ? `SLACK_APP_TOKEN lacks the ${needed} scope (missing_scope): ${TOKEN_FIX.SLACK_APP_TOKEN}`
      : `The Slack app lacks the scope ${needed} (missing_scope): add it under OAuth & Permissions → Bot Token Scopes (manifest.yml lists them all), reinstall the app, and update SLACK_BOT_TOKEN if it changed`,
  missingScopes: (scopes: readonly string[]) =>
    `The Slack app lacks the scopes ${scopes.join(', ')}: add them under OAuth & Permissions → Bot Token Scopes (manifest.yml lists them all), reinstall the app, and update SLACK_BOT_TOKEN if it changed; until then some features fail`,
  unreachable: (detail: string) =>
    `Slack is unreachable (${detail}): retrying with backoff; /readyz says 503 until it answers. Check the network, a proxy, or SLACK_API_URL if set`,
  slackError: (code: string) =>
    `Slack answered ${code}: retrying with backoff; /readyz says 503 until it works (status.slack.com shows Slack's incidents)`,
  socketClosed: () =>
    'The Socket Mode WebSocket could not be opened or was closed: retrying with backoff; /readyz says 503 until it is open',
  socketModeOff: () =>
    "Slack closed the Socket Mode connection because Socket Mode is turned off for this app (link_disabled): turn on Socket Mode under Settings → Socket Mode in the app's settings, or unset SLACK_APP_TOKEN and use the HTTP transport; retrying slowly",
  back: (downForMs: number) => `Slack is reachable again after ${Math.round(downForMs / 100) / 10} s`,
} as const;

/** The problem an error from a call with `variable`'s token stands for. */
export function slackProblem(error: unknown, variable: TokenVariable): SlackProblem {
  // By code, as the Web API client documents its errors (instanceof fails across copies of the package).
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === ErrorCode.PlatformError) return platformProblem(error as WebAPIPlatformError, variable);
  if (code === ErrorCode.RequestError)
    return outage('unreachable', PROBLEM_TEXT.unreachable(causeOf(error as WebAPIRequestError)));
  if (code === ErrorCode.HTTPError) {
    const status = (error as WebAPIHTTPError).statusCode;
    return outage(`http_${status}`, PROBLEM_TEXT.slackError(`HTTP ${status}`));
  }
  if (error === undefined) return outage('socket_closed', PROBLEM_TEXT.socketClosed());
  return outage(
    typeof code === 'string' ? code : 'error',
    PROBLEM_TEXT.slackError(typeof code === 'string' ? code : String((error as Error)?.message ?? error)),
  );
}

/** Slack answered `ok: false`: the token's fault (fatal) or Slack's (an outage). */
function platformProblem(error: WebAPIPlatformError, variable: TokenVariable): SlackProblem {
  const code = String(error.data.error);
  if (REJECTED.has(code)) return fatal(code, PROBLEM_TEXT.rejected(variable, code));
  if (REVOKED.has(code)) return fatal(code, PROBLEM_TEXT.revoked(variable, code));
  if (WRONG_KIND.has(code)) return fatal(code, PROBLEM_TEXT.wrongKind(variable, code));
  if (code === 'missing_scope') {
    const needed = String((error.data as { needed?: unknown }).needed ?? 'it needs');
    return fatal(code, PROBLEM_TEXT.missingScope(variable, needed));
  }
  return outage(code, PROBLEM_TEXT.slackError(code));
}

/** The low-level reason a request never got an answer (ECONNREFUSED, ENOTFOUND…), without a stack. */
function causeOf(error: WebAPIRequestError): string {
  let cause: unknown = error.original;
  for (let depth = 0; depth < 4 && cause; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error.original?.message ?? 'no answer';
}

/** The bot scopes the manifest asks for that the token was not granted (none when Slack did not say). */
export function missingScopes(granted: readonly string[] | undefined, wanted: readonly string[]): string[] {
  if (granted === undefined) return [];
  return wanted.filter((scope) => !granted.includes(scope));
}

const fatal = (code: string, line: string): SlackProblem => ({ kind: 'fatal', code, line });
const outage = (code: string, line: string): SlackProblem => ({ kind: 'outage', code, line });
