import type { IncomingMessage } from 'node:http';
import {
  type BufferedIncomingMessage,
  HTTPModuleFunctions as bolt,
  defaultProcessEventErrorHandler as defaultSocketModeHandler,
  ErrorCode,
  isValidSlackRequest,
  type ReceiverProcessEventErrorHandlerArgs,
  type SocketModeReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import type { Logger } from '../logger.js';
import { envelopeProblem } from './envelope.js';
import type { Screen } from './transport.js';

/**
 * Malformed requests from Slack (or from whoever holds the signing secret): refused with 400 over HTTP, acked
 * in Socket Mode, one line each, never a crash, a 500 or an error line. What Slack sends well formed goes
 * on to Bolt untouched.
 */

/**
 * Refuses, with 400 and one line, a request signed with our secret whose body Bolt cannot read (JSON
 * `null` crashes Bolt's receiver with no reply at all). The body is buffered with Bolt's own function and
 * limit, so Bolt reuses it; an unsigned or unparsable request goes to Bolt untouched and gets Bolt's own
 * answer (401, 400), so nothing here tells a forger whether a body was well formed.
 */
export function malformedRequests(signingSecret: string, logger: Logger): Screen {
  return async (req, res) => {
    try {
      await bolt.bufferIncomingMessage(req, bolt.defaultBodyLimit);
    } catch (error) {
      // What Bolt answers when it cannot read a body (too large: 413; anything else: 401).
      const tooLarge = bolt.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      logger.warn(
        tooLarge ? 'Slack request body over the limit: refused' : 'unreadable Slack request: refused',
      );
      res.writeHead(tooLarge ? 413 : 401).end();
      return true;
    }
    // The signature (an HMAC, which Bolt computes again) is checked only for a body it would refuse.
    const problem = problemOf(req);
    if (problem === undefined || !signed(req, signingSecret)) return false;
    logger.warn({ problem }, 'malformed Slack request refused with 400');
    res.writeHead(400).end();
    return true;
  };
}

/** Whether Bolt's own check accepts the request's signature and timestamp. */
function signed(req: IncomingMessage, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const body = (req as BufferedIncomingMessage).rawBody.toString();
  if (typeof signature !== 'string') return false;
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
}

/** The envelope's problem; a body Bolt cannot parse is left to Bolt's own 400. */
function problemOf(req: IncomingMessage): string | undefined {
  try {
    return envelopeProblem(bolt.parseHTTPRequestBody(req as BufferedIncomingMessage));
  } catch {
    return undefined;
  }
}

/**
 * HTTP mode: what Bolt threw while reading a request (a field of a shape it trusted) is a malformed request,
 * refused with 400 and one line; an authorization failure, or a throw after the ack, is left to Bolt.
 */
export function unreadableHttpRequest(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    const { error, response } = args;
    if (response.headersSent || isAuthorizationError(error))
      return bolt.defaultProcessEventErrorHandler(args);
    logger.warn({ problem: readError(error) }, 'malformed Slack request refused with 400');
    response.writeHead(400).end();
    return true;
  };
}

/** Socket Mode: an envelope Bolt could not read is acked (Slack would redeliver it) and logged once. */
export function unreadableEnvelope(logger: Logger) {
  return async (args: SocketModeReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    const { error } = args;
    if (isAuthorizationError(error)) return defaultSocketModeHandler(args);
    logger.warn({ problem: readError(error) }, 'malformed Slack envelope acked and dropped');
    return true;
  };
}

const isAuthorizationError = (error: unknown) =>
  (error as { code?: unknown }).code === ErrorCode.AuthorizationError;

/** What Bolt threw, without its message: that may quote the request (what people wrote stays out of logs). */
const readError = (error: Error) => `${error.name} while Bolt read the request`;
