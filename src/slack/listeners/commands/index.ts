import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { kubeconCommand } from './kubecon.js';

/** Slash commands (declared in manifest.yml). */
export function registerCommands(app: App, deps: Deps): void {
  app.command('/kubecon', kubeconCommand(deps));
}
