/** js-yaml 3 ships no types: the part of its API that yaml-fast.ts uses. */
declare module 'js-yaml' {
  export class Type {
    constructor(
      tag: string,
      options: { kind: 'scalar'; resolve(data: string | null): boolean; construct(data: string): unknown },
    );
  }
  export class Schema {
    constructor(definition: { include?: Schema[]; implicit?: Type[] });
  }
  export const FAILSAFE_SCHEMA: Schema;
  /** What js-yaml's loader tells a listener: the node just read (on `close`), its kind, its anchor, where. */
  export interface LoaderState {
    readonly kind: 'scalar' | 'sequence' | 'mapping' | null;
    readonly result: unknown;
    readonly anchor: string | null;
    readonly input: string;
    /** Where reading stopped: just after the node on `close`. */
    readonly position: number;
  }
  export function load(
    source: string,
    options: { schema: Schema; listener?: (event: 'open' | 'close', state: LoaderState) => void },
  ): unknown;
  const jsYaml: { Type: typeof Type; Schema: typeof Schema; FAILSAFE_SCHEMA: Schema; load: typeof load };
  export default jsYaml;
}
