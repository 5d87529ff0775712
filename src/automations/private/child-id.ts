import { IConstruct } from 'constructs';

/** `base`, or `base2`, `base3`, ... when a child of `scope` already has that ID. */
export function freeChildId(scope: IConstruct, base: string): string {
  let id = base;
  for (let n = 2; scope.node.tryFindChild(id); n++) id = `${base}${n}`;
  return id;
}
