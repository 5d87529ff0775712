import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';

/** `<level> <path>: <message>` for every warning and error annotation at or below a scope. */
export function annotations(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === AnnotationMetadataEntryType.WARN || m.type === AnnotationMetadataEntryType.ERROR)
    .map((m) => `${m.type === AnnotationMetadataEntryType.ERROR ? 'error' : 'warning'} ${c.node.path}: ${m.data}`));
}

/** The annotations that name a rule id. */
export function findingsOf(scope: IConstruct, ruleId: string): string[] {
  return annotations(scope).filter((a) => a.endsWith(`[${ruleId}]`));
}
