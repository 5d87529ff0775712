import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';

/** Every warning added with `Annotations.of(...).addWarning`, as `<path>: <message>`. */
export function warnings(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => `${c.node.path}: ${m.data}`));
}
